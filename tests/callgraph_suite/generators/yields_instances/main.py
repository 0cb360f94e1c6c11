"""A generator yielding instances of two classes whose methods are then called, including an inherited one."""


class Shape:
    def area(self):
        return 0

    def describe(self):
        return f"{type(self).__name__} {self.area()}"


class Square(Shape):
    def __init__(self, side):
        self.side = side

    def area(self):
        return self.side**2


class Circle(Shape):
    def __init__(self, r):
        self.r = r

    def area(self):
        return 3 * self.r**2


def shapes(sizes):
    for s in sizes:
        yield Square(s)
        yield Circle(s)


total = 0
for shape in shapes([1, 2]):
    total += shape.area()
    print(shape.describe())
print(total)
