"""next() on generators: an edge to builtin next, not into the generator body; the function it returns is called."""


def first_handler():
    return "first"


def second_handler():
    return "second"


def handlers():
    print("starting")
    yield first_handler
    yield second_handler


def countdown(n):
    while n > 0:
        yield n
        n -= 1


gen = handlers()
h = next(gen)
print(h(), next(gen)())
c = countdown(3)
print(next(c), next(c, None), list(countdown(2)))
