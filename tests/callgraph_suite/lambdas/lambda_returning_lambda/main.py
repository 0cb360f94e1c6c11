"""Lambdas returning lambdas (a curried adder and a composer), called later and in one expression."""


def inc(x):
    return x + 1


def halve(x):
    return x // 2


adder = lambda a: lambda b: a + b  # noqa: E731
compose = lambda f, g: lambda x: f(g(x))  # noqa: E731

add5 = adder(5)
inc_then_halve = compose(halve, inc)
print(add5(10), adder(1)(2), inc_then_halve(9))
