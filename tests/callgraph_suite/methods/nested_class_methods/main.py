"""Methods of a nested class, instantiated through the outer class name and through self."""


class Tree:
    class Node:
        def __init__(self, value):
            self.value = value
            self.children = []

        def add(self, child):
            self.children.append(child)
            return child

        def walk(self):
            yield self.value
            for c in self.children:
                yield from c.walk()

    def __init__(self, root_value):
        self.root = self.Node(root_value)

    def insert(self, parent, value):
        return parent.add(Tree.Node(value))

    def values(self):
        return list(self.root.walk())


t = Tree(1)
a = t.insert(t.root, 2)
t.insert(a, 3)
print(t.values())
