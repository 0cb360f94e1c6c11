package main

import "example.com/app/base"

type Service struct {
	*base.Logger
	name string
}

func (s *Service) Run() {
	s.Info(s.name)
}

func main() {
	s := &Service{Logger: base.NewLogger()}
	s.Run()
	s.Info("done")
}
