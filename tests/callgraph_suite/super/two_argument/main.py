"""Two-argument super(C, self) starts the lookup after C in type(self)'s MRO, which can skip a level."""


class Base:
    def __init__(self):
        self.log = []

    def process(self, x):
        self.log.append("base")
        return x


class Middle(Base):
    def __init__(self):
        super(Middle, self).__init__()

    def process(self, x):
        self.log.append("middle")
        return super(Middle, self).process(x * 2)


class Leaf(Middle):
    def process(self, x):
        self.log.append("leaf")
        return super(Middle, self).process(x + 1)

    def process_via_parent(self, x):
        return super(Leaf, self).process(x)


leaf = Leaf()
print(leaf.process(1), leaf.process_via_parent(1), leaf.log)
