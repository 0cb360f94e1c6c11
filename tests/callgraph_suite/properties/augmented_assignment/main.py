"""Augmented assignment to a property calls getter and setter; the setter notifies through a method."""


def log(message):
    print("log:", message)


class Counter:
    def __init__(self):
        self._value = 0
        self.changes = 0

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, new):
        self._notify(self._value, new)
        self._value = new

    def _notify(self, old, new):
        self.changes += 1
        log(f"{old} -> {new}")

    def reset(self):
        self.value = 0


def bump(counter, times):
    for _ in range(times):
        counter.value += 1


c = Counter()
bump(c, 3)
c.reset()
print(c.value, c.changes)
