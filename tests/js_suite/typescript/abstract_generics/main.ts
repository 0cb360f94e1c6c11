abstract class Handler<T> {
  handle(x: T): T {
    this.before();
    return this.process(x);
  }
  before(): void {}
  abstract process(x: T): T;
}

class Upper extends Handler<string> {
  process(x: string): string {
    return x.toUpperCase();
  }
}

const h = new Upper();
h.handle('a');
