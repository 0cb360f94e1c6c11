"""Reading a property calls its getter, assigning it (also from __init__) calls its setter."""


def clamp(value, low, high):
    return max(low, min(value, high))


class Thermostat:
    def __init__(self, target):
        self._target = 0
        self.target = target

    @property
    def target(self):
        return self._target

    @target.setter
    def target(self, value):
        self._check(value)
        self._target = clamp(value, 5, 30)

    def _check(self, value):
        if not isinstance(value, (int, float)):
            raise TypeError("target must be a number")


t = Thermostat(21)
print(t.target)
t.target = 42
print(t.target)
