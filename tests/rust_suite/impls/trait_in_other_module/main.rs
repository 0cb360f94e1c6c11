mod codec {
    pub trait Encode {
        fn encode(&self) -> Vec<u8>;
        fn encoded_len(&self) -> usize {
            self.encode().len()
        }
    }
}

mod types {
    use crate::codec::Encode;
    use std::fmt;

    pub struct Point {
        pub x: u8,
    }

    impl Encode for Point {
        fn encode(&self) -> Vec<u8> {
            vec![self.x]
        }
    }

    impl fmt::Display for Point {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{}", self.x)
        }
    }
}

use codec::Encode;

fn main() {
    let p = types::Point { x: 1 };
    p.encode();
    p.encoded_len();
    p.to_string();
}
