export default function helper() {
  return inner();
}

function inner() {
  return 1;
}
