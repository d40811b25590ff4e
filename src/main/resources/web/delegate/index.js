// The delegate page (/): entry point of the 'delegate' bundle.
import './labels.js';
import '../shared/style.css';
import '../shared/components.js';
import './delegate-page.js';
