package main

import (
	"example.com/app/util"
	theirs "github.com/other/util"
)

func main() {
	util.Local()
	theirs.Local()
}
