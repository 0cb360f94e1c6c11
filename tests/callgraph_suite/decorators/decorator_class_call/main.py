"""Classes as decorators: applying one calls __init__, calling the decorated name calls __call__ (with an override)."""


class CountCalls:
    def __init__(self, func):
        self.func = func
        self.calls = 0

    def __call__(self, *args):
        self.calls += 1
        self.log()
        return self.func(*args)

    def log(self):
        print(self.func.__name__, "call", self.calls)


class Memo(CountCalls):
    def __init__(self, func):
        super().__init__(func)
        self.cache = {}

    def __call__(self, *args):
        if args not in self.cache:
            self.cache[args] = super().__call__(*args)
        return self.cache[args]


@CountCalls
def square(x):
    return x * x


@Memo
def cube(x):
    return x * square(x)


print(square(3), cube(2), cube(2), square.calls)
