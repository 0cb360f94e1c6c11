"""Generator methods: a recursive tree walk using yield from on children, with a subclass overriding the generator."""


class Node:
    def __init__(self, name, children=()):
        self.name = name
        self.children = list(children)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def label(self):
        return self.name


class Leaf(Node):
    def walk(self):
        yield self

    def label(self):
        return "leaf:" + super().label()


tree = Node("root", [Node("a", [Leaf("x")]), Leaf("y")])
print([n.label() for n in tree.walk()])
