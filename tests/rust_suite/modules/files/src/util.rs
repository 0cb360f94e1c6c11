pub fn log(message: &str) {
    let _ = message.len();
}
