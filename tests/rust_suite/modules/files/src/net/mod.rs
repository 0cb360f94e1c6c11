pub mod tcp;

pub use self::tcp::Conn;

pub fn connect(host: &str) -> Conn {
    crate::util::log(host);
    tcp::Conn::open(tcp::raw_port())
}
