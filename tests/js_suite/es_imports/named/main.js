import { add, mul as times } from './lib.js';

function run() {
  return times(add(1, 2), 3);
}

run();
