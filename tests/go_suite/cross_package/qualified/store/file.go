package store

func openFile(name string) int {
	return len(name)
}
