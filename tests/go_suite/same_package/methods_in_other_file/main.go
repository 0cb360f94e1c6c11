package main

func main() {
	c := NewCart()
	c.Add("apple")
}
