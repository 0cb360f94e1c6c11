"""User definitions that shadow builtin names: a module-level def, a parameter, and a method named like a builtin."""

LINES = []


def len(obj):
    return obj.size()


class Box:
    def __init__(self, items):
        self.items = items

    def size(self):
        return sum(1 for _ in self.items)

    def max(self):
        return max(self.items)  # the builtin: class scope does not enclose methods

    def largest(self):
        return self.max()


def log(*parts):
    LINES.append(" ".join(str(p) for p in parts))


def report(box, print):
    print("size", len(box), box.largest())


box = Box([3, 9, 4])
report(box, log)
print(LINES, sorted(LINES))
