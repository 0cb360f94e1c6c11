//! `pub use` re-exports are followed: `crate::Engine` is `inner::engine::Engine`.
mod inner;

pub use inner::engine::Engine;
pub use inner::start as begin;

pub fn run() -> u32 {
    let e = Engine::default_engine();
    begin();
    e.speed()
}

pub fn via_reexport() -> u32 {
    crate::Engine::default_engine().speed() + inner::helpers::twice(1)
}
