"""Methods called on the caught exception (except ... as e), dispatching to the overrides of the raised subclasses."""


class ParseError(Exception):
    def __init__(self, line):
        super().__init__(line)
        self.line = line

    def hint(self):
        return "check syntax"

    def report(self):
        return f"line {self.line}: {self.hint()}"


class IndentError(ParseError):
    def hint(self):
        return "fix indentation"


class TokenError(ParseError):
    def hint(self):
        return "unknown token"


def parse(src):
    for n, line in enumerate(src.splitlines(), 1):
        if line.startswith(" "):
            raise IndentError(n)
        if "$" in line:
            raise TokenError(n)
    return "ok"


for text in ("a\n b", "x$", "fine"):
    try:
        print(parse(text))
    except ParseError as e:
        print(e.report())
