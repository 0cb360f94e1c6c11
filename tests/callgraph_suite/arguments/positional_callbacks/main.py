"""Functions passed as positional arguments are called by the callee, also after forwarding and inside a closure."""


def double(x):
    return 2 * x


def negate(x):
    return -x


def apply(fn, value):
    return fn(value)


def apply_twice(fn, value):
    return apply(fn, apply(fn, value))


def compose(f, g):
    def composed(x):
        return f(g(x))

    return composed


print(apply(double, 3), apply_twice(negate, 4))
both = compose(double, negate)
print(both(5))
