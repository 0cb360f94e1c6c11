pub struct User {
    pub name: String,
}

impl User {
    pub fn new(name: &str) -> User {
        User { name: name.to_string() }
    }

    pub fn display_name(&self) -> &str {
        &self.name
    }
}
