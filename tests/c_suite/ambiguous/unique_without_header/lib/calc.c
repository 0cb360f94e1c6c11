int compute(int x) { return x * 3; }
int compute_twice(int x) { return compute(compute(x)); }
