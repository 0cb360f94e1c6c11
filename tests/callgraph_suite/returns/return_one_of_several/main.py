"""A function returns one of several functions; calling the result reaches each function it can return, and no other."""


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


def div(a, b):
    return a / b


def pick(symbol):
    if symbol == "+":
        return add
    elif symbol == "-":
        return sub
    return mul


def evaluate(a, symbol, b):
    return pick(symbol)(a, b)


print(evaluate(6, "+", 3), evaluate(6, "*", 3))
print(div(6, 3))
