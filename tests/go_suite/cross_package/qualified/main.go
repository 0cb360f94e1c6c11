package main

import "example.com/app/store"

func main() {
	db := store.Open("x")
	_ = db
	store.Close()
}
