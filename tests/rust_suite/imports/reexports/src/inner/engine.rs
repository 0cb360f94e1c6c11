pub struct Engine {
    rpm: u32,
}

impl Engine {
    pub fn default_engine() -> Engine {
        Engine { rpm: super::twice(10) }
    }

    pub fn speed(&self) -> u32 {
        self.rpm / 100
    }
}
