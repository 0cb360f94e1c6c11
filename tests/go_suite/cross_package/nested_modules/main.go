package main

import (
	applint "example.com/app/lint"
	"example.com/tools/lint"
)

func main() {
	lint.Run()
	applint.Run()
}
