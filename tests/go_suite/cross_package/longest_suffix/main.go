package main

import (
	"example.com/app/db"
	idb "example.com/app/internal/db"
)

func main() {
	db.Connect()
	idb.Connect()
}
