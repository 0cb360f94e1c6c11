package main

type Cat struct{}
type Dog struct{}

func (Cat) Name() string { return "cat" }
func (Dog) Name() string { return "dog" }

func (d Dog) Greet(c Cat) string {
	return d.Name() + c.Name()
}

func main() {
	var d Dog
	var c Cat
	d.Greet(c)
}
