export class Base {
  constructor() {}
  greet(): string {
    return 'hi';
  }
}
