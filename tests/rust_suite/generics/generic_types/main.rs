trait Factory {
    fn create() -> Self;
    fn label() -> &'static str {
        "factory"
    }
}

#[derive(Debug)]
struct Widget;

impl Factory for Widget {
    fn create() -> Self {
        Widget
    }
}

struct Stack<T> {
    items: Vec<T>,
}

impl<T> Stack<T> {
    fn new() -> Self {
        Stack { items: Vec::new() }
    }

    fn push(&mut self, item: T) {
        self.items.push(item);
    }

    fn len(&self) -> usize {
        self.items.len()
    }
}

fn build<T: Factory>() -> T {
    T::label();
    T::create()
}

fn fill<T: Factory>(s: &mut Stack<T>) {
    s.push(build::<T>());
    s.push(T::create());
}

fn main() {
    let mut s: Stack<Widget> = Stack::new();
    fill(&mut s);
    s.len();
    let w = Widget::create();
    let _ = w;
    Widget::label();
    let mut t = Stack::<u8>::new();
    t.push(1);
}
