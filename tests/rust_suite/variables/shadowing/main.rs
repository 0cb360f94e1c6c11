// `let` shadows: the latest declaration above a call gives the variable's type.
struct A;
struct B;

impl A {
    fn run(&self) -> B {
        B
    }
}

impl B {
    fn run(&self) -> u8 {
        2
    }
    fn only_b(&self) {}
}

fn main() {
    let x = A;
    x.run();
    let x = x.run();
    x.only_b();
    x.run();
}
