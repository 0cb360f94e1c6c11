"""Classes kept in a dict and a tuple are instantiated by key and by iteration, then their methods are called."""


class Circle:
    def __init__(self, size):
        self.r = size

    def area(self):
        return 3.14159 * self.r * self.r


class Square:
    def __init__(self, size):
        self.a = size

    def area(self):
        return self.a * self.a


class Triangle:
    def __init__(self, size):
        self.s = size

    def area(self):
        return self.s * self.s / 2


SHAPES = {"circle": Circle, "square": Square, "triangle": Triangle}


def make(kind, size):
    return SHAPES[kind](size)


def total_area(size):
    return sum(make(kind, size).area() for kind in SHAPES)


def small_areas():
    return [cls(1).area() for cls in (Square, Triangle)]


unit = SHAPES["circle"](2)
print(unit.area(), total_area(3), small_areas())
