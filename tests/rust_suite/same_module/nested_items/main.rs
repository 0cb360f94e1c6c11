// Functions nested in functions are items of that function's body; a local closure with
// the name of a function shadows it; closures are not definitions.

fn step() -> i32 {
    1
}

fn outer() -> i32 {
    fn inner() -> i32 {
        step() + 1
    }
    let add = |a: i32| a + step();
    add(inner())
}

fn shadowing() -> i32 {
    let step = || 2;
    step()
}

fn main() {
    outer();
    shadowing();
}
