class Store {
  get(k) {
    return this.load(k);
  }
  load(k) {}
}

module.exports = Store;
