"""Functions and lambdas return lambdas, which are called immediately or after assignment."""


def add(a, b):
    return a + b


def make_adder(n):
    return lambda x: add(x, n)


curry = lambda a: lambda b: add(a, b)


def make_scaler(factor):
    scale = lambda x: x * factor
    return scale


print(make_adder(1)(2), curry(3)(4), make_scaler(2)(5))
