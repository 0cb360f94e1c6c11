pub struct Cart {
    items: u32,
}

impl Cart {
    pub fn new() -> Cart {
        Cart { items: 2 }
    }

    pub fn total(&self) -> u32 {
        self.items * 10
    }
}
