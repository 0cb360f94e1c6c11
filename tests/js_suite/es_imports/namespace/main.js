import * as m from './math.js';

console.log(m.cube(2), m.square(3));
