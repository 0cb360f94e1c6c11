exports.parse = function (s) {
  return clean(s);
};

function clean(s) {
  return s;
}

exports.format = (x) => x;
