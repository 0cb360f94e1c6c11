// Macros are not calls, but the calls written in their arguments are.
struct Stats {
    hits: u32,
}

impl Stats {
    fn ratio(&self) -> f64 {
        self.hits as f64 / total() as f64
    }
}

fn total() -> u32 {
    10
}

fn label(n: u32) -> String {
    format!("{} of {}", n, total())
}

fn main() {
    let s = Stats { hits: 3 };
    println!("{} {}", label(s.hits), s.ratio());
    assert!(total() > 0, "total {}", total());
    let v = vec![total(), total()];
    assert_eq!(v.len(), 2);
}
