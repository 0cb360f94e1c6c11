module.exports = function greet(name) {
  return shout(name);
};

function shout(s) {
  return s;
}
