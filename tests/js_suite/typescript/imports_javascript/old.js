export function legacy() {
  return helper();
}

function helper() {
  return 1;
}
