const lib = require('./lib');

lib.a();
