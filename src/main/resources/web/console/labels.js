// The console page's labels, registered before any component renders.
import { addMessages } from '../shared/i18n.js';
import messages from './messages.json';

addMessages(messages);
