package main

import "example.com/app/lib/go-yaml"

func main() {
	yaml.Parse("a: 1")
}
