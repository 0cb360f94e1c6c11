"""Base shapes whose describe() dispatches to the area() of subclasses defined elsewhere."""


class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0.0

    def describe(self):
        return f"{self.name}: {self.area():.2f}"


class Polygon(Shape):
    def __init__(self, name, sides):
        super().__init__(name)
        self.sides = sides
