import { f, g } from './c.js';

f();
g();
