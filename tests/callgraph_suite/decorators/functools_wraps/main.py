"""functools.wraps inside decorators, used as a module attribute and imported by name (an external call)."""

import functools
from functools import wraps


def timed(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        result = func(*args, **kwargs)
        print(wrapper.__name__, "done")
        return result

    return wrapper


def traced(func):
    @wraps(func)
    def inner(*args):
        print("->", func.__name__)
        return func(*args)

    return inner


@timed
def compute(x):
    return x * 2


@traced
def fetch(key):
    return compute(len(key))


print(fetch("abc"), compute.__name__)
