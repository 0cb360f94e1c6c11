package main

type Timer struct{}

func (t *Timer) Tick() {}

func (t *Timer) Reset() {}

func main() {
	t := &Timer{}
	tick := t.Tick
	tick()
	callbacks := []func(){t.Reset}
	callbacks[0]()
	t.Reset()
}
