//! Free functions calling each other in one file.

fn helper(x: i32) -> i32 {
    x + 1
}

fn twice(x: i32) -> i32 {
    helper(helper(x))
}

fn unused() {}

fn main() {
    let y = twice(1);
    let z = helper(y);
    let _ = z;
}
