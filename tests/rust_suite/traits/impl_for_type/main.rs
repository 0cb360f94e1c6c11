trait Named {
    fn name(&self) -> String;

    fn greet(&self) -> String {
        format!("hello {}", self.name())
    }
}

trait Loud: Named {
    fn shout(&self) -> String {
        self.greet().to_uppercase()
    }
}

struct Dog;
struct Cat;

impl Named for Dog {
    fn name(&self) -> String {
        "dog".to_string()
    }
}

impl Loud for Dog {}

impl Named for Cat {
    fn name(&self) -> String {
        "cat".into()
    }

    fn greet(&self) -> String {
        self.name()
    }
}

fn main() {
    let d = Dog;
    d.name();
    let d2 = Dog {};
    d2.greet();
    d2.shout();
    let c = Cat;
    c.greet();
}
