package util

import "fmt"

func Run() {
	fmt.Println("run")
}
