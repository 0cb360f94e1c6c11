//! A library crate in the Rust 2018 layout: `store.rs` declares `mod disk;`, which is
//! `store/disk.rs`.
pub mod store;

pub fn open() -> store::Store {
    store::Store::new()
}
