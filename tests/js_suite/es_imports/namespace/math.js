export const square = (x) => x * x;

export function cube(x) {
  return square(x) * x;
}
