function connect() {
  return open();
}
function open() {}

module.exports = { connect, open: open };
