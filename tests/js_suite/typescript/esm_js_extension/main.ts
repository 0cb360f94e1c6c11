import { a } from './dep.js';

a();
