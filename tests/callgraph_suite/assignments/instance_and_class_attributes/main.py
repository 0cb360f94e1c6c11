"""Functions stored by attribute assignment on instances and on a class, then called through the attribute."""


def to_upper(s):
    return s.upper()


def to_title(s):
    return s.title()


def tagged(self, s):
    return self.name + ":" + s


class Pipeline:
    def __init__(self, name, step):
        self.name = name
        self.step = step

    def run(self, s):
        return self.step(s)

    def label(self, s):
        return s


Pipeline.label = tagged  # class attribute: later lookups find tagged as a method


def finish(p, s):
    p.run = lambda text: to_upper(text) + "!"  # instance attribute shadows the method
    return p.run(s)


upper = Pipeline("up", to_upper)
title = Pipeline("ti", to_title)
print(upper.run("a"), title.run("b"), title.label("c"), finish(upper, "d"))
