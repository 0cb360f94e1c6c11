package main

type Store interface {
	Get(key string) string
}

type memory struct{}

func (memory) Get(key string) string { return key }

type Cached struct {
	Store
	hits int
}

func (c *Cached) Lookup(key string) string {
	c.hits++
	return c.Get(key)
}

func main() {
	c := &Cached{Store: memory{}}
	c.Lookup("a")
	c.Store.Get("b")
}
