// Box, Rc and Arc deref to the value's methods; references too.
use std::rc::Rc;
use std::sync::Arc;

struct Node {
    value: i32,
}

impl Node {
    fn get(&self) -> i32 {
        self.value
    }
    fn set(&mut self, v: i32) {
        self.value = v;
    }
}

struct Tree {
    root: Box<Node>,
    shared: Rc<Node>,
    threaded: Arc<Node>,
}

impl Tree {
    fn sum(&self) -> i32 {
        self.root.get() + self.shared.get() + self.threaded.get()
    }
}

fn touch(n: &mut Node, b: Box<Node>) -> i32 {
    n.set(1);
    b.get()
}

fn main() {
    let t = Tree {
        root: Box::new(Node { value: 1 }),
        shared: Rc::new(Node { value: 2 }),
        threaded: Arc::new(Node { value: 3 }),
    };
    t.sum();
    let mut n = Node { value: 0 };
    touch(&mut n, Box::new(Node { value: 5 }));
}
