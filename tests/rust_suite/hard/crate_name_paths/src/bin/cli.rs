use shop::cart::Cart;

fn main() {
    let c = Cart::new();
    c.total();
    shop::checkout();
}
