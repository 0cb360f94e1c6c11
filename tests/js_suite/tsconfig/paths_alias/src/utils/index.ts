export function slug(s: string): string {
  return s.toLowerCase();
}
