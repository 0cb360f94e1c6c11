"""Subclasses of base classes from another module, imported as a module alias and through a package re-export."""
import shapes.base as sb
from shapes import Polygon


class Circle(sb.Shape):
    def __init__(self, r):
        super().__init__("circle")
        self.r = r

    def area(self):
        return 3.14159 * self.r ** 2


class Square(Polygon):
    def __init__(self, side):
        super().__init__("square", 4)
        self.side = side

    def area(self):
        return self.side ** 2


class Triangle(Polygon):
    pass


for shape in [Circle(1), Square(2), Triangle("triangle", 3)]:
    print(shape.describe())
