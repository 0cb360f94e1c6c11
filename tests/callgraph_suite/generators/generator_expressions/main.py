"""Generator expressions whose calls belong to the enclosing function, even when consumed by a builtin later."""


def parse(tok):
    return int(tok)


def is_valid(tok):
    return tok.isdigit()


def total(text):
    return sum(parse(t) for t in text.split() if is_valid(t))


def largest(text):
    gen = (parse(t) for t in text.split() if is_valid(t))
    return max(gen, default=0)


def has_invalid(text):
    return any(not is_valid(t) for t in text.split())


print(total("1 2 x 3"), largest("4 9 y"), has_invalid("5 z"))
