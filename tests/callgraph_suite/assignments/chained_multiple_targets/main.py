"""Chained assignments `a = b = f` bind every target, including an attribute target and a bound method."""


class Counter:
    def __init__(self):
        self.n = 0

    def bump(self):
        self.n += 1
        return self.n


class Bus:
    pass


def on_event(evt):
    return "event:" + evt


counter = Counter()
inc = step = counter.bump
bus = Bus()
bus.listener = handler = on_event


def fire():
    step()
    inc()
    return bus.listener("a"), handler("b"), counter.n


print(fire())
