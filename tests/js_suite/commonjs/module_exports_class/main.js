const Store = require('./store');

const s = new Store();
s.get('a');
