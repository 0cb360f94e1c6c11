"""Stdlib decorators (@dataclass, @functools.lru_cache(...), @functools.wraps(fn)) are calls by the enclosing scope."""

import functools
from dataclasses import dataclass, field


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        print("call", fn.__name__)
        return fn(*args)

    return wrapper


@dataclass
class Point:
    x: int
    y: int = 0
    tags: list = field(default_factory=list)

    def norm1(self):
        return abs(self.x) + abs(self.y)


@functools.cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@logged
def describe(p):
    return f"{p.norm1()}/{fib(p.x)}"


print(describe(Point(5, -2)))
