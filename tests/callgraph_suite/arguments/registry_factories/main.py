"""Functions and classes passed to a registry, later called by the dispatcher that looks them up."""

_registry = {}


def register(name, factory):
    _registry[name] = factory


def create(name, *args):
    return _registry[name](*args)


class Circle:
    def __init__(self, r):
        self.r = r

    def area(self):
        return 3 * self.r * self.r


class Square:
    def __init__(self, s):
        self.s = s

    def area(self):
        return self.s * self.s


def make_unit():
    return Square(1)


register("circle", Circle)
register("square", Square)
register("unit", make_unit)
shapes = [create("circle", 2), create("square", 3), create("unit")]
print([s.area() for s in shapes])
