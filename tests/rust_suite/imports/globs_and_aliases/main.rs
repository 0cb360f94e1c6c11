mod math {
    pub fn add(a: i32, b: i32) -> i32 {
        a + b
    }
    pub fn mul(a: i32, b: i32) -> i32 {
        a * b
    }
    pub mod consts {
        pub fn zero() -> i32 {
            0
        }
    }
}

mod calc {
    use crate::math::*;
    use crate::math::consts::zero as nothing;

    pub fn eval() -> i32 {
        add(mul(2, 3), nothing()) + consts::zero()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_works() {
        assert_eq!(calc::eval(), 6);
        run();
    }
}

fn run() -> i32 {
    use math::add as plus;
    plus(1, 2) + calc::eval()
}

fn main() {
    run();
}
