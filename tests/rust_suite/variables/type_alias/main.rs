// A type alias names the aliased type: its associated functions and methods.
mod geo {
    pub struct Point {
        pub x: i32,
    }

    impl Point {
        pub fn origin() -> Point {
            Point { x: 0 }
        }
        pub fn norm(&self) -> i32 {
            self.x.abs()
        }
    }
}

type P = geo::Point;
type Ref<'a> = &'a geo::Point;

fn measure(p: Ref<'_>) -> i32 {
    p.norm()
}

fn main() {
    let p = P::origin();
    measure(&p);
    let q: P = geo::Point { x: 2 };
    q.norm();
}
