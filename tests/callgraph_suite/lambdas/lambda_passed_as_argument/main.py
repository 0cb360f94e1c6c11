"""Lambdas passed as arguments and called by the callee, with two lambdas flowing into one parameter."""


def log(msg):
    print("log:", msg)


def apply_all(values, transform):
    return [transform(v) for v in values]


def run_twice(action):
    action()
    action()


doubled = apply_all([1, 2, 3], lambda v: v * 2)
labels = apply_all(doubled, lambda v: "#" + str(v))
run_twice(lambda: log(labels))
print(doubled, labels)
