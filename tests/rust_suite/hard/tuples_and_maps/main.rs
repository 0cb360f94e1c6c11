// Tuple patterns and map entries get no types: the calls on them are missed
// (`v.price()`, `a.price()`); a `Some(w)` match arm is followed.
use std::collections::HashMap;

struct Item {
    cents: u32,
}

impl Item {
    fn price(&self) -> u32 {
        self.cents
    }
}

fn pair() -> (Item, Item) {
    (Item { cents: 1 }, Item { cents: 2 })
}

fn sum(map: &HashMap<String, Item>) -> u32 {
    let mut total = 0;
    for (_name, v) in map {
        total += v.price();
    }
    total
}

fn first(items: Option<Item>) -> u32 {
    match items {
        Some(w) => w.price(),
        None => 0,
    }
}

fn main() {
    let (a, _b) = pair();
    a.price();
    sum(&HashMap::new());
    first(None);
}
