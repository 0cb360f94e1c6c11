"""Subclasses override a property; reads through base-class code reach only the overrides of the instances passed."""


class Shape:
    @property
    def area(self):
        raise NotImplementedError(type(self).__name__)

    def describe(self):
        return f"{type(self).__name__} of area {self.area:.1f}"


class Circle(Shape):
    def __init__(self, r):
        self.r = r

    @property
    def area(self):
        return 3.14159 * self.r ** 2


class Square(Shape):
    def __init__(self, side):
        self.side = side

    @property
    def area(self):
        return self.side * self.side


class Room:
    def __init__(self, area):
        self.area = area


def total_area(shapes):
    return sum(s.area for s in shapes)


shapes = [Circle(1.0), Square(2.0)]
print(total_area(shapes), Room(12.0).area)
for s in shapes:
    print(s.describe())
