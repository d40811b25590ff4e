// The host page (/host): entry point of the 'host' bundle.
import './labels.js';
import '../shared/style.css';
import './host.css';
import '../shared/components.js';
import './host-page.js';
