package main

func apply(f func(int) int, x int) int {
	return f(x)
}

func double(x int) int { return x * 2 }

func each(xs []int, visit func(int)) {
	for _, x := range xs {
		visit(x)
	}
}

func main() {
	apply(double, 2)
	each([]int{1}, func(x int) { double(x) })
	handlers := map[string]func(int) int{"d": double}
	handlers["d"](1)
}
