"""Default parameter values that are functions (and a lambda default, which belongs to the enclosing scope)."""


def identity(x):
    return x


def strip_spaces(x):
    return x.replace(" ", "")


def default_key(item):
    return item[0]


def process(text, clean=identity):
    return clean(text)


def first_keys(pairs, key=default_key):
    return [key(p) for p in pairs]


def seconds(pairs, key=lambda p: p[1]):
    return [key(p) for p in pairs]


def build(clean=strip_spaces):
    def inner(text, fn=clean):
        return fn(text)

    return inner


print(process("a b"), process("a b", strip_spaces))
print(first_keys([(1, 2)]), seconds([(1, 2)]))
print(build()("x y"))
