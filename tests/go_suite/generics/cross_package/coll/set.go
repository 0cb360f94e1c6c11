package coll

type Set[T comparable] struct{ m map[T]struct{} }

func NewSet[T comparable]() *Set[T] { return &Set[T]{m: map[T]struct{}{}} }

func (s *Set[T]) Add(v T) { s.m[v] = struct{}{} }

func Keys[K comparable, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
