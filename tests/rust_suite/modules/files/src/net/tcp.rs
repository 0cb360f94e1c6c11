use super::super::util;

pub struct Conn {
    port: u16,
}

impl Conn {
    pub fn open(port: u16) -> Conn {
        util::log("open");
        Conn { port }
    }

    pub fn send(&self, data: &[u8]) -> usize {
        util::log("send");
        data.len() + self.port as usize
    }
}

pub fn raw_port() -> u16 {
    80
}
