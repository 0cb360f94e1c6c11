import inc, { type Num } from './lib';

const n: Num = inc(1);
