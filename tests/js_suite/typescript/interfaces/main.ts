import { Square, Shape } from './shapes';

function total(shapes: Shape[]): number {
  let t = 0;
  for (const s of shapes) t += s.area();
  return t;
}

const sq: Square = new Square(2);
sq.area();
total([sq]);
