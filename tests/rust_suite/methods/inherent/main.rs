/// A counter.
#[derive(Debug, Default)]
struct Counter {
    n: u32,
}

impl Counter {
    fn new() -> Self {
        Counter { n: 0 }
    }

    fn zero() -> Counter {
        Self::new()
    }

    fn bump(&mut self) {
        self.n += 1;
        self.check();
    }

    fn check(&self) -> bool {
        self.n > 10
    }
}

fn main() {
    let mut c = Counter::new();
    c.bump();
    let d = Counter::zero();
    d.check();
    let mut e = Counter { n: 3 };
    e.bump();
}
