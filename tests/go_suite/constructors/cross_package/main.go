package main

import "example.com/app/client"

func main() {
	c := client.New("http://x")
	c.Get("/")
	var d *client.Client = client.New("y")
	d.Close()
}
