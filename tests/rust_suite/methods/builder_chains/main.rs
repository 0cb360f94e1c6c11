#[derive(Clone)]
struct Request {
    url: String,
    retries: u8,
}

struct Builder {
    req: Request,
}

impl Builder {
    fn new(url: &str) -> Builder {
        Builder { req: Request { url: url.to_string(), retries: 0 } }
    }

    fn retries(mut self, n: u8) -> Self {
        self.req.retries = n;
        self
    }

    fn build(self) -> Request {
        self.req
    }
}

impl Request {
    fn send(&self) -> Option<Response> {
        Some(Response { code: 200 })
    }

    fn parse(text: &str) -> Result<Request, String> {
        Ok(Builder::new(text).build())
    }
}

struct Response {
    code: u16,
}

impl Response {
    fn ok(&self) -> bool {
        self.code == 200
    }
}

fn run() -> Result<bool, String> {
    let req = Request::parse("x")?;
    let resp = req.send().unwrap();
    Ok(resp.ok())
}

fn main() {
    let r = Builder::new("http://x").retries(3).build();
    r.send().expect("sent").ok();
    let _ = run();
}
