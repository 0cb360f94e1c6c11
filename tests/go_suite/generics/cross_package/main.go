package main

import "example.com/app/coll"

func main() {
	set := coll.NewSet[int]()
	set.Add(1)
	coll.Keys(map[string]int{})
}
