// A user Deref impl makes the target's methods callable on the wrapper (auto-deref):
// not followed, so `w.norm()` is missed.
use std::ops::Deref;

struct Point {
    x: i32,
}

impl Point {
    fn norm(&self) -> i32 {
        self.x.abs()
    }
}

struct Wrapper {
    inner: Point,
}

impl Deref for Wrapper {
    type Target = Point;
    fn deref(&self) -> &Point {
        &self.inner
    }
}

fn main() {
    let w = Wrapper { inner: Point { x: -1 } };
    w.norm();
}
