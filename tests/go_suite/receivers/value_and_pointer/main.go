package main

type Counter struct {
	n int
}

func (c *Counter) Inc() {
	c.n++
	c.check()
}

func (c Counter) Value() int {
	return c.n
}

func (c Counter) check() {
	if c.Value() > 10 {
		c.reset()
	}
}

func (c Counter) reset() {}

func main() {
	c := Counter{}
	c.Inc()
	_ = c.Value()
}
