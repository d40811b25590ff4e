// The console page (/console): entry point of the 'console' bundle.
import './labels.js';
import '../shared/style.css';
import './console.css';
import '../shared/components.js';
import './console-page.js';
