const { parse, format: fmt } = require('./util.js');

function main() {
  fmt(parse('x'));
}

main();
