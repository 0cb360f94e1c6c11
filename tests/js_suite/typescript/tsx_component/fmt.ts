export const format = (n: number): string => n.toFixed(2);
