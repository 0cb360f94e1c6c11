use std::collections::HashMap;
use std::fs;
use std::io::{self, Read};
use std::mem;

fn load(path: &str) -> io::Result<String> {
    let mut text = fs::read_to_string(path)?;
    let mut buf = String::new();
    io::stdin().read_to_string(&mut buf)?;
    text.push_str(&buf);
    Ok(text)
}

fn count(words: &[&str]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for w in words {
        *m.entry(w.to_string()).or_insert(0) += 1;
    }
    m
}

fn main() {
    let mut a = vec![1];
    let mut b = Vec::new();
    b.push(2);
    mem::swap(&mut a, &mut b);
    std::process::exit(if load("x").is_ok() { count(&["a"]).len() as i32 } else { 1 });
}
