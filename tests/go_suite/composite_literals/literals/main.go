package main

type Point struct{ X, Y int }

func (p Point) Norm() int { return p.X*p.X + p.Y*p.Y }

func (p *Point) Move(dx int) { p.X += dx }

func main() {
	a := Point{1, 2}
	a.Norm()
	b := &Point{X: 3}
	b.Move(1)
	Point{}.Norm()
	(&Point{}).Move(2)
	var c = Point{Y: 4}
	c.Norm()
}
