"""Instantiating a class that defines both __new__ and __init__ calls both of them."""


class Symbol:
    _table = {}

    def __new__(cls, name):
        existing = cls._table.get(name)
        if existing is not None:
            return existing
        obj = object.__new__(cls)
        cls._table[name] = obj
        return obj

    def __init__(self, name):
        self.name = name
        self.uses = getattr(self, "uses", 0) + 1


def intern_all(names):
    return [Symbol(n) for n in names]


a = Symbol("x")
b, c = intern_all(["x", "y"])
print(a is b, a.uses, c.name)
