import { Base } from './base';

export class Child extends Base {
  constructor() {
    super();
  }
  greet(): string {
    return super.greet() + '!';
  }
}

const c = new Child();
c.greet();
