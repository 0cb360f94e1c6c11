export class Shape {
  constructor(name) {
    this.name = name;
  }
  describe() {
    return this.area();
  }
  area() {
    return 0;
  }
}
