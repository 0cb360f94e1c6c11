package main

type Counter struct{ n int }

func (c *Counter) Inc() { c.n++ }

type Logger struct{}

func (l *Logger) Log(msg string) {}

func main() {
	state := struct {
		hits Counter
		*Logger
	}{Logger: &Logger{}}
	state.hits.Inc()
	state.Log("hit")
}
