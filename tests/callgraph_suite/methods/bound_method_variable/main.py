"""Bound methods stored in a variable, in a list, or passed as a callback are calls of those methods."""


class Counter:
    def __init__(self):
        self.n = 0

    def incr(self):
        self.n += 1

    def reset(self):
        self.n = 0


class Door:
    def open(self):
        print("open")

    def close(self):
        print("close")


def run_all(callbacks):
    for cb in callbacks:
        cb()


def repeat(action, times):
    for _ in range(times):
        action()


c = Counter()
d = Door()
tick = c.incr
tick()
repeat(c.incr, 3)
run_all([d.open, d.close, c.reset])
print(c.n)
