mod disk;

pub struct Store {
    blocks: usize,
}

impl Store {
    pub fn new() -> Store {
        Store { blocks: disk::blocks() }
    }

    pub fn flush(&self) {
        disk::write(self.blocks);
    }
}
