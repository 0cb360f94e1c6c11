"""iter/next/zip/reversed/any/all over a user generator: calling the generator is an edge, next() a builtin."""


def countdown(n):
    while n > 0:
        yield n
        n -= 1


def pairs(xs):
    return list(zip(xs, reversed(xs), strict=True))


def first_big(limit):
    gen = countdown(limit)
    first = next(gen)
    rest = iter(gen)
    return first, next(rest, None), any(x > 2 for x in rest), all([True])


print(pairs([1, 2, 3]), first_big(5))
