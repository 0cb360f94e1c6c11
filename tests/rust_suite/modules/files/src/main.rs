//! A binary crate whose modules are files: `net/mod.rs` with a child `net/tcp.rs`, and
//! `util.rs` (declared `mod util;`).
mod net;
mod util;

fn main() {
    let c = net::connect("localhost");
    c.send(b"hi");
    util::log("done");
    net::tcp::raw_port();
}
