// Closures are not definitions: calls written in one belong to the enclosing function;
// calling a closure or a function value gives no edge.
fn double(x: i32) -> i32 {
    x * 2
}

fn apply(f: fn(i32) -> i32, x: i32) -> i32 {
    f(x)
}

fn apply_dyn(f: &dyn Fn(i32) -> i32) -> i32 {
    f(1)
}

struct Holder {
    callback: fn(i32) -> i32,
}

impl Holder {
    fn fire(&self) -> i32 {
        (self.callback)(3)
    }
}

fn main() {
    let triple = |x: i32| double(x) + x;
    triple(1);
    apply(double, 2);
    apply_dyn(&|x| double(x));
    let h = Holder { callback: double };
    h.fire();
    let f = double;
    f(4);
}
