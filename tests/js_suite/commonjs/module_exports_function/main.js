const greet = require('./greet');

greet('a');
