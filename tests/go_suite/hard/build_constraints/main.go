package main

func main() {
	dial("host")
	var c conn
	c.close()
}
