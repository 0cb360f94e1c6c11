export function serve(): string {
  return "ok";
}
