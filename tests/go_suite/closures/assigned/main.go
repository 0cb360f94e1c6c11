package main

func log(msg string) {}

func main() {
	f := func() {
		log("inside")
	}
	f()
	g := f
	g()
	counter := makeCounter()
	counter()
}

func makeCounter() func() int {
	n := 0
	return func() int {
		n++
		log("count")
		return n
	}
}
