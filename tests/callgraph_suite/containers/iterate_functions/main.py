"""Functions in a list, in a list built by append() and in a set are called while iterating and in comprehensions."""


def strip(s):
    return s.strip()


def lower(s):
    return s.lower()


def exclaim(s):
    return s + "!"


def is_short(s):
    return len(s) < 10


def has_space(s):
    return " " in s


def is_greeting(s):
    return s.startswith("hi")


PIPELINE = [strip, lower, exclaim]


def run_pipeline(value):
    for step in PIPELINE:
        value = step(value)
    return value


def checks():
    found = []
    found.append(is_short)
    found.append(has_space)
    return found


def report(text):
    return {check.__name__: check(text) for check in checks()}


def any_greeting(text):
    return any(f(text) for f in {is_greeting})


print(run_pipeline("  Hello "), report("hi there"), any_greeting("hi"))
