export interface Shape {
  area(): number;
}

export class Square implements Shape {
  constructor(private s: number) {}
  area(): number {
    return this.s * this.s;
  }
}
