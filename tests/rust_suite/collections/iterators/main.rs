// Elements of typed collections: `for x in &items`, `items[0]`, and the parameter of a
// closure passed to an iterator adapter (`items.iter().map(|i| i.price())`).
struct Item {
    price: u32,
}

impl Item {
    fn price(&self) -> u32 {
        self.price
    }
    fn discounted(&self) -> u32 {
        self.price() / 2
    }
}

fn total(items: &[Item]) -> u32 {
    items.iter().map(|i| i.price()).sum()
}

fn cheapest(items: &Vec<Item>) -> u32 {
    let mut best = u32::MAX;
    for item in items {
        best = best.min(item.discounted());
    }
    best + items[0].price()
}

fn main() {
    let items = vec![Item { price: 3 }];
    total(&items);
    cheapest(&items);
}
