// Crates outside the repository, `regex` and `serde_json`, named as a Cargo project with
// those dependencies names them (tests/rust_suite/_stubs/ stand in for them when the suite's
// test compiles the case).
use regex::Regex;
use serde_json::{from_str, Value};

fn parse(text: &str) -> Option<Value> {
    let re = Regex::new(r"\d+").ok()?;
    let _ = re;
    from_str(text).ok()
}

fn main() {
    parse("{}");
    serde_json::to_string(&1).unwrap();
    core::mem::drop(1);
    drop(2);
}
