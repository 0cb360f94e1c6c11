package store

func Open(name string) int {
	return openFile(name)
}

func Close() {}
