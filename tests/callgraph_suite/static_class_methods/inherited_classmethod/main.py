"""A classmethod inherited by subclasses runs with cls bound to the subclass: cls() calls the subclass's __init__."""


class Shape:
    def __init__(self):
        self.sides = 0

    @classmethod
    def make_default(cls):
        inst = cls()
        inst.label = cls.default_label()
        return inst

    @classmethod
    def default_label(cls):
        return "shape"


class Triangle(Shape):
    def __init__(self):
        super().__init__()
        self.sides = 3

    @classmethod
    def default_label(cls):
        return "triangle"


class Square(Shape):
    def __init__(self):
        super().__init__()
        self.sides = 4


for kind in (Triangle, Square):
    s = kind.make_default()
    print(s.label, s.sides)
