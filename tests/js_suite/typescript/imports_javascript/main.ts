import { legacy } from './old.js';

legacy();
