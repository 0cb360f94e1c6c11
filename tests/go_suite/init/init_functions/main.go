package main

import "fmt"

var registry = map[string]int{}

func init() {
	register("a")
}

func init() {
	fmt.Println("second init")
}

func register(name string) {
	registry[name] = len(registry)
}

func main() {
	register("b")
}
