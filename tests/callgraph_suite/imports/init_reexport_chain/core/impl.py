class Engine:
    def __init__(self, factor):
        self.factor = factor

    def scale(self, x):
        return compute(x) * self.factor


def compute(x):
    return x + 1
