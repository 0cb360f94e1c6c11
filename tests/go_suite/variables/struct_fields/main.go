package main

import "example.com/app/repo"

type Service struct {
	repo  *repo.Repo
	cache Cache
}

type Cache struct{}

func (c Cache) Get(key string) string { return "" }

func (s *Service) Handle(key string) {
	if s.cache.Get(key) == "" {
		s.repo.Save(key)
	}
}

func main() {
	s := &Service{repo: repo.New()}
	s.Handle("k")
}
