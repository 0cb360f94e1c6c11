"""A class passed as an argument is instantiated by the callee, and type(self)(...) instantiates self's class."""


class User:
    def __init__(self, name):
        self.name = name

    def clone(self):
        return type(self)(self.name)


class Admin(User):
    def __init__(self, name, level=1):
        super().__init__(name)
        self.level = level


class Guest(User):
    pass


def build(kind, *args):
    return kind(*args)


def build_all(kinds, name):
    return [build(k, name) for k in kinds]


people = build_all([Admin, Guest], "ann")
people.append(build(User, "bob"))
copies = [p.clone() for p in people]
print([type(c).__name__ for c in copies])
