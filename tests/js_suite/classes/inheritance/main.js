import { Circle } from './circle.js';

const c = new Circle(2);
c.describe();
