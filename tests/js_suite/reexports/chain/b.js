export { f } from './a.js';
export { f as g } from './a.js';
