const impl = (x: number): number => x + 1;
export default impl;
export type Num = number;
