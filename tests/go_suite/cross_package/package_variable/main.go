package main

import "example.com/app/config"

func main() {
	config.Default.Load()
	config.Reset()
}
