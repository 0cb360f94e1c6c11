"""A function held in a class attribute is overridden in subclasses; calls through self reach only the classes instantiated."""


def add(a, b):
    return a + b


def multiply(a, b):
    return a * b


def power(a, b):
    return a ** b


class Reducer:
    op = staticmethod(add)
    start = 0

    def reduce(self, values):
        acc = self.start
        for v in values:
            acc = self.op(acc, v)
        return acc


class Product(Reducer):
    op = staticmethod(multiply)
    start = 1


class Power(Reducer):
    op = staticmethod(power)


print(Reducer().reduce([1, 2, 3]), Product().reduce([1, 2, 3]))
print(Product.op(6, 7))
