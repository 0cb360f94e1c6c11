"""A class held in a variable, an alias or a dict may be any class assigned to it: each one's __init__ is called."""


class Circle:
    def __init__(self, r):
        self.r = r

    def area(self):
        return 3.14159 * self.r * self.r


class Square:
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side * self.side


class Triangle:
    def __init__(self, base, height):
        self.base, self.height = base, height

    def area(self):
        return self.base * self.height / 2


SHAPES = {"circle": Circle, "square": Square}
Tri = Triangle


def make(name, size):
    kind = SHAPES[name]
    return kind(size)


def pick(big):
    cls = Circle if big else Square
    return cls


small_cls = pick(False)
shapes = [make("circle", 1), make("square", 2), small_cls(3), Tri(3, 4)]
print([round(s.area(), 2) for s in shapes])
