function transform(x) {
  return x * 2;
}

function keep(v) {
  return v > 1;
}

function process(items) {
  return items.map((i) => transform(i)).filter(function (v) {
    return keep(v);
  });
}

process([1, 2]);
