package main

type Job struct{}

func (j *Job) Run() {}

type Report struct{}

func (r Report) Run() {}

func worker(jobs chan *Job) {
	for job := range jobs {
		job.Run()
	}
}

func blocks() {
	x := &Job{}
	x.Run()
	{
		x := Report{}
		x.Run()
	}
}

func main() {
	jobs := make(chan *Job)
	go worker(jobs)
	blocks()
}
