"""Lambdas stored in a dict and a list, looked up and called by a dispatcher and a pipeline loop."""


def clamp(v):
    return max(0, min(v, 100))


OPS = {
    "inc": lambda v: clamp(v + 1),
    "dec": lambda v: clamp(v - 1),
    "reset": lambda v: 0,
}
PIPELINE = [lambda v: v * 3, OPS["inc"]]


def dispatch(name, value):
    return OPS[name](value)


def run_pipeline(value):
    for step in PIPELINE:
        value = step(value)
    return value


for op_name in OPS:
    print(op_name, dispatch(op_name, 5))
print(run_pipeline(7))
