//! A package with a library and a binary: the binary names the library by its crate name
//! (`shop::`), which the resolver does not map onto `src/lib.rs` (it reads no Cargo.toml).
pub mod cart;

pub fn checkout() -> u32 {
    cart::Cart::new().total()
}
