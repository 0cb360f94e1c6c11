"""Lambdas created inside functions calling methods and a name that holds either a function or a builtin."""


class Store:
    def __init__(self):
        self.data = {}

    def put(self, k, v):
        self.data[k] = v

    def get(self, k):
        return self.data.get(k)


def normalize(k):
    return k.lower()


def make_ops(store, strict):
    check = normalize if strict else str
    setter = lambda k, v: store.put(check(k), v)  # noqa: E731
    getter = lambda k: store.get(check(k))  # noqa: E731
    return setter, getter


def run():
    s = Store()
    put, get = make_ops(s, True)
    put("Key", 1)
    loose_put, _ = make_ops(s, False)
    loose_put("other", 2)
    show = lambda: print(get("key"))  # noqa: E731
    show()
    return (lambda: get("KEY"))()


print(run())
