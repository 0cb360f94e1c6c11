package main

type Reader struct{}

func (Reader) Close() {}
func (Reader) Read()  {}

type Writer struct{}

func (Writer) Close() {}
func (Writer) Write() {}

type File struct {
	Reader
	Writer
}

func main() {
	var f File
	f.Read()
	f.Write()
	f.Reader.Close()
}
