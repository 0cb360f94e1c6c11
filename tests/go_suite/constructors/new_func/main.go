package main

import "errors"

type Server struct{ addr string }

func NewServer(addr string) *Server {
	return &Server{addr: addr}
}

func OpenServer(addr string) (*Server, error) {
	if addr == "" {
		return nil, errors.New("empty")
	}
	return NewServer(addr), nil
}

func (s *Server) Start() {}

func (s *Server) Stop() {}

func main() {
	s := NewServer(":80")
	s.Start()
	t, err := OpenServer(":81")
	if err == nil {
		t.Stop()
	}
	NewServer(":82").Start()
}
