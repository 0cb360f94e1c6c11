"""Calling an instance calls its __call__, also for instances held in a list or passed as an argument."""


class Scale:
    def __init__(self, factor):
        self.factor = factor

    def __call__(self, x):
        return x * self.factor


class Offset:
    def __init__(self, delta):
        self.delta = delta

    def __call__(self, x):
        return x + self.delta


class Pipeline:
    def __init__(self, *steps):
        self.steps = list(steps)

    def __call__(self, x):
        for step in self.steps:
            x = step(x)
        return x


def apply_twice(fn, x):
    return fn(fn(x))


double = Scale(2)
pipe = Pipeline(double, Offset(1))
print(pipe(5), apply_twice(double, 3))
