package main

type Buffer struct{ data []byte }

func (b *Buffer) Write(p []byte) { b.data = append(b.data, p...) }

func (b *Buffer) Len() int { return len(b.data) }

func main() {
	buf := new(Buffer)
	buf.Write([]byte("hi"))
	n := buf.Len()
	_ = n
}
