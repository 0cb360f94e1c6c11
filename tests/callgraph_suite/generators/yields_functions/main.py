"""A generator yielding functions (one only on a branch), iterated with for and each yielded function called."""


def validate(rec):
    return bool(rec)


def enrich(rec):
    return rec + "!"


def save(rec):
    print("saved", rec)
    return rec


def steps(include_save):
    yield validate
    yield enrich
    if include_save:
        yield save


def process(rec):
    for step in steps(True):
        result = step(rec)
        if isinstance(result, str):
            rec = result
    return rec


print(process("row"))
