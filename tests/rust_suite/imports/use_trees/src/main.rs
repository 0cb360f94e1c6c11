mod shapes;

use crate::shapes::{
    circle::{self, Circle},
    square::{area as square_area, Square},
};

fn main() {
    let c = Circle::unit();
    c.area();
    circle::describe(&c);
    square_area(2.0);
    let s = Square::new(3.0);
    s.side();
}
