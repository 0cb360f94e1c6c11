"""Lambdas as default argument values (numbered in the enclosing scope), overridden by callers with other callables."""


def identity(x):
    return x


def shout(text):
    return text.upper() + "!"


def render(text, fmt=lambda s: s.strip()):
    return fmt(text)


def report(items, key=lambda item: item[0], show=identity):
    return [show(str(key(i))) for i in items]


print(render("  hi  "), render("hey", fmt=shout))
print(report([(1, "a"), (2, "b")]))
print(report([(3, "c")], key=lambda item: item[1], show=shout))
