pub struct Circle {
    pub r: f64,
}

impl Circle {
    pub fn unit() -> Self {
        Circle { r: 1.0 }
    }

    pub fn area(&self) -> f64 {
        3.14 * self.r * self.r
    }
}

pub fn describe(c: &Circle) -> String {
    c.area().to_string()
}
