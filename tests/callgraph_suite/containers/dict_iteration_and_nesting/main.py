"""Bound methods and functions held in dicts are reached through .values()/.items() iteration and through nested containers."""


class Machine:
    def __init__(self):
        self.state = "idle"

    def start(self):
        self.state = "running"
        return self.state

    def stop(self):
        self.state = "idle"
        return self.state


def square(x):
    return x * x


def cube(x):
    return x ** 3


def negate(x):
    return -x


machine = Machine()
COMMANDS = {"start": machine.start, "stop": machine.stop}
TABLE = {"powers": [square, cube], "signs": (negate,)}


def run_commands():
    return [cmd() for cmd in COMMANDS.values()]


def apply_all(x):
    out = {}
    for name, fns in TABLE.items():
        out[name] = [f(x) for f in fns]
    return out


print(run_commands(), apply_all(2), TABLE["powers"][1](3))
