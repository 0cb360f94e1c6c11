package main

import "fmt"

type Printer struct{}

func (p Printer) Println(s string) {}

func show(fmt Printer) {
	fmt.Println("shadowed")
}

func main() {
	fmt.Println("real")
	show(Printer{})
}
