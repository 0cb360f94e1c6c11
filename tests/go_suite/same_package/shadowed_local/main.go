package main

func main() {
	helper := func() {}
	helper()
	count(3)
}

func helper() {}

func count(n int) int {
	if n == 0 {
		return 0
	}
	return count(n - 1)
}
