package main

func setup() {}

func run() int {
	return func(x int) int {
		setup()
		return x
	}(1)
}

func main() {
	func() {
		run()
	}()
}
