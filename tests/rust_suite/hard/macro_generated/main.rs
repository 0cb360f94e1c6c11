// Items written by macro_rules! are not seen (the macro is not expanded): calls to them
// are missed.
macro_rules! getter {
    ($name:ident, $value:expr) => {
        fn $name() -> u32 {
            $value
        }
    };
}

getter!(answer, 42);
getter!(zero, 0);

fn real() -> u32 {
    answer() + zero()
}

fn main() {
    real();
}
