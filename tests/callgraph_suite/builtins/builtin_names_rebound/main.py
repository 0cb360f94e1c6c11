"""Builtin names rebound in different scopes: an imported name, a nested def, a local alias and a class attribute."""

from mathx import sum


def total(values):
    return sum(values)


def biggest(values):
    def max(seq):
        best = seq[0]
        for v in seq:
            if v > best:
                best = v
        return best

    return max(values)


def smallest(values):
    min = sorted
    return min(values)[0]


def plain_max(values):
    return max(values)


class Stats:
    abs = staticmethod(lambda x: x if x >= 0 else -x)

    def spread(self, values):
        return self.abs(plain_max(values) - smallest(values)) + abs(-1)


vals = [4, -2, 9]
print(total(vals), biggest(vals), smallest(vals), Stats().spread(vals))
