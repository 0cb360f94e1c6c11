use super::circle::Circle;

pub struct Square(f64);

impl Square {
    pub fn new(side: f64) -> Square {
        Square(side)
    }

    pub fn side(&self) -> f64 {
        self.0
    }

    pub fn inscribed(&self) -> Circle {
        Circle { r: self.side() / 2.0 }
    }
}

pub fn area(side: f64) -> f64 {
    Square::new(side).side() * side
}
