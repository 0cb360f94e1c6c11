"""__new__ and __init__ are each found through the MRO: the base gives __new__, subclasses only __init__."""


class Tracked:
    created = []

    def __new__(cls, *args):
        inst = object.__new__(cls)
        Tracked.created.append(cls.__name__)
        return inst


class Point(Tracked):
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Marker(Tracked):
    pass


class Label(Point):
    def __init__(self, x, y, text):
        Point.__init__(self, x, y)
        self.text = text


p = Point(1, 2)
m = Marker()
lab = Label(0, 0, "origin")
print(Tracked.created, p.x, lab.text, type(m).__name__)
