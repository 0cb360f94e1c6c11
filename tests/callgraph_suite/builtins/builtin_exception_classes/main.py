"""Builtin classes called as constructors (exceptions, containers), and a builtin exception base reached via super()."""


class ParseError(ValueError):
    def __init__(self, text):
        super().__init__("cannot parse " + repr(text))
        self.text = text


def parse(text):
    try:
        return int(text)
    except ValueError:
        raise ParseError(text) from None


def safe_parse(text):
    try:
        return parse(text)
    except ParseError as err:
        print("error:", err.text, issubclass(type(err), ValueError))
        return None


def check(n):
    if n is None:
        raise TypeError("missing")
    return divmod(n, 3)


print(check(safe_parse("17")), safe_parse("x"))
print(frozenset(set([1, 1, 2])), bytes(2), round(2.567, 1))
