"""Closures capturing functions passed to the enclosing function (memoize, compose), including a builtin."""


def memoize(fn):
    cache = {}

    def lookup(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]

    return lookup


def then(first, second):
    def both(x):
        return second(first(x))

    return both


def slow_square(n):
    return n * n


def negate(n):
    return -n


fast = memoize(slow_square)
pipeline = then(fast, negate)
print(fast(4), pipeline(3), then(negate, abs)(5))
