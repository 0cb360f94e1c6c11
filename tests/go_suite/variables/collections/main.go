package main

type Handler struct{}

func (h *Handler) Serve() {}

type Router struct {
	handlers []*Handler
	named    map[string]*Handler
}

func (r *Router) ServeAll() {
	for _, h := range r.handlers {
		h.Serve()
	}
}

func (r *Router) First() {
	r.handlers[0].Serve()
}

func (r *Router) ByName(name string) {
	r.named[name].Serve()
}

func main() {
	r := &Router{}
	r.ServeAll()
	r.First()
	r.ByName("x")
}
