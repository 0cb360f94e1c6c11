"""A plain decorator with an inner wrapper: the decorated name runs the wrapper, which calls the original."""


def log_calls(func):
    def wrapper(*args):
        print("calling", func.__name__)
        return func(*args)

    return wrapper


@log_calls
def add(a, b):
    return a + b


@log_calls
def greet(name):
    return "hi " + name


def undecorated(x):
    return add(x, 1)


print(add(1, 2), greet("bo"), undecorated(3))
