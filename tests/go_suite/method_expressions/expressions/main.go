package main

type Vec struct{ x int }

func (v Vec) Len() int { return v.x }

func (v *Vec) Scale(k int) { v.x *= k }

func main() {
	v := Vec{3}
	Vec.Len(v)
	(*Vec).Scale(&v, 2)
	f := Vec.Len
	f(v)
}
