package main

import "sync"

type Worker struct {
	mu sync.Mutex
}

func (w *Worker) Run(done chan bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	defer w.cleanup()
	done <- true
}

func (w *Worker) cleanup() {}

func background() {}

func main() {
	w := &Worker{}
	done := make(chan bool)
	go w.Run(done)
	go background()
	go func() {
		background()
	}()
	defer close(done)
	<-done
}
