import { Shape } from './shapes.js';

export class Circle extends Shape {
  constructor(r) {
    super('circle');
    this.r = r;
  }
  area() {
    return 3 * this.r * this.r;
  }
}
