package main

type Celsius float64

func (c Celsius) String() string { return "C" }

type Runner interface{ Run() }

type Task struct{}

func (Task) Run() {}

func runAll[T Runner](items []T) {
	for _, it := range items {
		it.Run()
	}
}

type Callbacks struct {
	onDone func()
}

func (c Callbacks) finish() {
	c.onDone()
}

func main() {
	c := Celsius(21.5)
	c.String()
	runAll([]Task{{}})
	Callbacks{onDone: func() {}}.finish()
}
