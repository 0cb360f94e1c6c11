class Base {
  constructor() {
    this.setup();
  }
  setup() {}
}

class Child extends Base {
  run() {
    this.setup();
  }
}

const c = new Child();
c.run();
