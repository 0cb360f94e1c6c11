function a() {
  return b();
}
function b() {}

module.exports = { a, b };
