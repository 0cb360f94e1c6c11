"""A name assigned different functions on different paths: conditional expression, if/else, a dict value and a loop."""

import sys


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def div(a, b):
    return a / b


op = add if "-v" in sys.argv else sub

if len(sys.argv) > 3:  # noqa: SIM108
    fallback = mul
else:
    fallback = div

TABLE = {"add": add, "mul": mul}


def compute(a, b):
    return op(a, b), fallback(a, b)


def by_name(name, a, b):
    fn = TABLE[name]
    return fn(a, b)


def chain(a):
    for step in (sub, mul):
        a = step(a, 2)
    return a


print(compute(6, 3), by_name("add", 2, 5), by_name("mul", 2, 5), chain(10))
