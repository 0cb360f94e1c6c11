pub struct Value;
pub fn from_str(_: &str) -> Result<Value, ()> {
    Ok(Value)
}
pub fn to_string<T>(_: &T) -> Result<String, ()> {
    Ok(String::new())
}
