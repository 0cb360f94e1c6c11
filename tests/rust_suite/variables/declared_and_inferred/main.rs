struct Parser {
    pos: usize,
}

struct Token;

impl Token {
    fn kind(&self) -> u8 {
        0
    }
}

impl Parser {
    fn next(&mut self) -> Token {
        self.pos += 1;
        Token
    }

    fn peek(&self) -> Option<Token> {
        None
    }
}

fn make() -> Parser {
    Parser { pos: 0 }
}

fn parse(p: &mut Parser) -> u8 {
    let t: Token = p.next();
    let u = p.next();
    t.kind() + u.kind()
}

fn main() {
    let mut p = make();
    parse(&mut p);
    let q: Parser = make();
    q.peek();
    let tok = p.next();
    tok.kind();
    let first = q.peek().unwrap();
    first.kind();
    let unknown = vec![1, 2];
    unknown.len();
}
