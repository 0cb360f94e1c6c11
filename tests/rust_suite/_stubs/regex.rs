pub struct Regex;
impl Regex {
    pub fn new(_: &str) -> Result<Regex, ()> {
        Ok(Regex)
    }
}
