mod outer {
    pub fn top() -> u8 {
        inner::deep() + self::sibling()
    }

    fn sibling() -> u8 {
        1
    }

    pub mod inner {
        pub fn deep() -> u8 {
            super::sibling() + crate::root_helper()
        }

        pub struct Thing;

        impl Thing {
            pub fn make() -> Thing {
                Thing
            }
            pub fn go(&self) -> u8 {
                deep()
            }
        }
    }
}

fn root_helper() -> u8 {
    0
}

fn main() {
    outer::top();
    outer::inner::deep();
    let t = outer::inner::Thing::make();
    t.go();
    crate::outer::inner::Thing::make();
}
