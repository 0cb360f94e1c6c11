package main

type Logger struct{}

func (l *Logger) Log(msg string) {}

var global Logger

func use(l *Logger) {
	l.Log("param")
}

func main() {
	var a Logger
	a.Log("var")
	var b *Logger = &Logger{}
	b.Log("pointer var")
	global.Log("package var")
	use(&a)
}
