"""Functions return nested closures; calling a closure reaches what its enclosing call captured."""


def increment(x):
    return x + 1


def double(x):
    return x * 2


def compose(f, g):
    def composed(x):
        return f(g(x))
    return composed


def make_counter():
    count = 0

    def step():
        nonlocal count
        count = increment(count)
        return count
    return step


inc_then_double = compose(double, increment)
counter = make_counter()
counter()
print(inc_then_double(3), counter())
