package main

type Animal struct{}

func (a *Animal) Speak() string { return "..." }
func (a *Animal) Sleep()        {}

type Dog struct {
	Animal
}

func (d *Dog) Speak() string { return "woof" }

type Puppy struct {
	*Dog
}

func main() {
	d := &Dog{}
	d.Speak()
	d.Sleep()
	p := Puppy{Dog: d}
	p.Speak()
	p.Sleep()
	p.Animal.Speak()
}
