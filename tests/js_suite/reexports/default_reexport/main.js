import { Widget } from './index.js';

const w = new Widget();
w.render();
