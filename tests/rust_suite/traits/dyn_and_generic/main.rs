// A receiver typed by a trait names the trait's item: an edge to its default body when it
// has one, none when the method is only declared (the implementation is chosen at run time
// or at monomorphisation).
trait Shape {
    fn area(&self) -> f64;

    fn describe(&self) -> String {
        format!("area {}", self.area())
    }
}

struct Square(f64);

impl Shape for Square {
    fn area(&self) -> f64 {
        self.0 * self.0
    }
}

fn by_ref(s: &dyn Shape) -> String {
    s.area();
    s.describe()
}

fn boxed(s: Box<dyn Shape>) -> f64 {
    s.describe();
    s.area()
}

fn generic<T: Shape>(s: &T) -> String {
    s.describe()
}

fn bounded_where<T>(s: T) -> String
where
    T: Shape,
{
    s.describe()
}

fn opaque(s: impl Shape) -> String {
    s.describe()
}

fn main() {
    let sq = Square(2.0);
    by_ref(&sq);
    boxed(Box::new(Square(1.0)));
    generic(&sq);
    bounded_where(Square(3.0));
    opaque(Square(4.0));
    sq.describe();
}
