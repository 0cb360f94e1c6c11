import { EventEmitter } from 'events';

class Bus extends EventEmitter {
  constructor() {
    super();
  }
  fire() {
    this.emit('x');
  }
}

const b = new Bus();
b.fire();
b.on('x', () => {});
