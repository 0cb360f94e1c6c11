"""A chained generator pipeline whose stages receive functions (and a lambda) and call them while iterating."""


def read_lines():
    yield "  alpha "
    yield ""
    yield " beta"


def clean(s):
    return s.strip()


def non_empty(s):
    return bool(s)


def mapped(fn, items):
    for item in items:
        yield fn(item)


def filtered(pred, items):
    for item in items:
        if pred(item):
            yield item


def pipeline():
    stripped = mapped(clean, read_lines())
    kept = filtered(non_empty, stripped)
    return mapped(lambda s: s.title(), kept)


for line in pipeline():
    print(line)
