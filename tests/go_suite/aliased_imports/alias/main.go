package main

import (
	str "strings"

	u "example.com/app/util"
)

func main() {
	u.Do(str.ToUpper("x"))
}
