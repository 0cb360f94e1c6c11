class Factory {
  static create() {
    return new Product();
  }
  static helper() {
    return Factory.create();
  }
}

class Product {
  constructor() {}
}

Factory.helper();
