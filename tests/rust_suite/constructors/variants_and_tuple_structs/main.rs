// Enum variants and tuple structs called like functions build values: no edge.
#[derive(Debug)]
enum Shape {
    Circle(f64),
    Rect { w: f64, h: f64 },
    Empty,
}

struct Meters(f64);

impl Shape {
    fn circle(r: f64) -> Shape {
        Shape::Circle(r)
    }

    fn area(&self) -> f64 {
        match self {
            Shape::Circle(r) => 3.14 * r * r,
            Shape::Rect { w, h } => w * h,
            Shape::Empty => 0.0,
        }
    }
}

fn wrap(x: f64) -> Option<Meters> {
    Some(Meters(x))
}

fn main() {
    let s = Shape::circle(1.0);
    s.area();
    let r = Shape::Rect { w: 1.0, h: 2.0 };
    r.area();
    let m = Meters(3.0);
    let _ = (m.0, wrap(1.0), Shape::Empty, Ok::<u8, ()>(1));
}
