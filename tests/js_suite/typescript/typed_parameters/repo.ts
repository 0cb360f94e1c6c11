export class Repo {
  save(x: string): void {
    this.validate(x);
  }
  private validate(x: string): void {}
}
