package db

import "example.com/app/db"

func Connect() {
	db.Connect()
}
