function outer() {
  function inner() {
    return leaf();
  }
  const arrow = () => inner();
  return arrow();
}

function leaf() {}

outer();
