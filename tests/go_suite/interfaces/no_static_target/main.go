package main

type Shape interface {
	Area() float64
}

type Circle struct{ r float64 }

func (c Circle) Area() float64 { return c.r * c.r }

type Square struct{ s float64 }

func (q Square) Area() float64 { return q.s * q.s }

func total(shapes []Shape) float64 {
	sum := 0.0
	for _, s := range shapes {
		sum += s.Area()
	}
	return sum
}

func describe(s Shape) float64 {
	return s.Area()
}

func main() {
	var s Shape = Circle{1}
	s.Area()
	total([]Shape{Circle{2}, Square{3}})
	describe(Square{1})
	Circle{3}.Area()
}
