"""Functions unpacked from returned tuples, lists with starred targets, loop targets and swaps are called afterwards."""


def encode(s):
    return s.encode()


def decode(b):
    return b.decode()


def validate(s):
    return bool(s)


def trim(s):
    return s.strip()


def pad(s):
    return s.center(9)


def codec():
    return encode, decode


def roundtrip(text):
    enc, dec = codec()
    return dec(enc(text))


def head(text):
    first, *_ = [validate, trim, pad]
    return first(text)


def tail(text):
    _, *rest = (validate, trim, pad)
    return [fn(text) for fn in rest]


def swapped(text):
    a, b = trim, pad
    a, b = b, a
    return a(text)


def labelled(text):
    return [(label, check(text)) for label, check in [("valid", validate), ("trimmed", trim)]]


print(roundtrip("ok"), head(" x "), tail(" y "), swapped("z"), labelled(" w "))
