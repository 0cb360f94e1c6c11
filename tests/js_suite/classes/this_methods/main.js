class Counter {
  constructor() {
    this.reset();
  }
  reset() {
    this.n = 0;
  }
  inc() {
    this.n++;
    this.log();
  }
  log() {
    console.log(this.n);
  }
}

const c = new Counter();
c.inc();
