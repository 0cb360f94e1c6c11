"""A classmethod used as a decorator registers functions that another classmethod later calls from a class-level dict."""


class Commands:
    table = {}

    @classmethod
    def register(cls, fn):
        cls.table[fn.__name__] = fn
        return fn

    @classmethod
    def run(cls, name, *args):
        return cls.table[name](*args)

    @staticmethod
    def names():
        return sorted(Commands.table)


@Commands.register
def greet(who):
    return f"hello {who}"


@Commands.register
def add(a, b):
    return a + b


print(Commands.names(), Commands.run("greet", "bob"), Commands.run("add", 2, 3))
