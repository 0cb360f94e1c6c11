class Engine {
  start() {}
}

class Car {
  constructor() {
    this.engine = new Engine();
  }
  drive() {
    this.engine.start();
  }
}

function run() {
  const car = new Car();
  car.drive();
}

run();
