// What an Option or Result holds: `if let`, `while let`, match arms and let-else.
struct Job {
    id: u32,
}

impl Job {
    fn run(&self) -> u32 {
        self.id
    }
    fn retry(&self) -> Result<Job, String> {
        Ok(Job { id: self.id + 1 })
    }
}

struct Queue {
    jobs: Vec<Job>,
    current: Option<Job>,
}

impl Queue {
    fn drain(&mut self) -> u32 {
        let mut done = 0;
        if let Some(job) = &self.current {
            done += job.run();
        }
        while let Some(next) = self.jobs.pop() {
            done += next.run();
        }
        done
    }

    fn again(&self, job: &Job) -> u32 {
        match job.retry() {
            Ok(second) => second.run(),
            Err(_) => 0,
        }
    }

    fn head(&self) -> u32 {
        let Some(first) = self.jobs.first() else {
            return 0;
        };
        first.run()
    }
}

fn main() {
    let mut q = Queue { jobs: vec![Job { id: 1 }], current: None };
    q.drain();
    q.again(&Job { id: 2 });
    q.head();
}
