pub mod engine;
pub mod helpers;

pub use self::helpers::*;

pub fn start() {
    twice(2);
}
