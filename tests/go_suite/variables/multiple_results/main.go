package main

type Conn struct{}

func (c *Conn) Send() {}

type Pool struct{}

func (p *Pool) Get() *Conn { return &Conn{} }

func (p *Pool) Drain() {}

func open() (*Pool, *Conn, error) {
	return &Pool{}, &Conn{}, nil
}

func main() {
	pool, conn, err := open()
	if err != nil {
		return
	}
	conn.Send()
	pool.Drain()
	c := pool.Get()
	c.Send()
	pool.Get().Send()
}
