package main

import "myapp/pkg/util"

func main() {
	util.Run()
}
