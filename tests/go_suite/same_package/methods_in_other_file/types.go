package main

type Cart struct {
	items []string
}

func NewCart() *Cart {
	return &Cart{}
}
