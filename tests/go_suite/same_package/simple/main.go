package main

func main() {
	helper()
	util()
}

func helper() {
	util()
}
