"""A decorator factory (@retry(3)): the factory and the decorator it returns are both called where the def is."""


class TransientError(Exception):
    pass


def retry(times):
    def decorate(func):
        def wrapper(*args):
            for attempt in range(times):
                try:
                    return func(*args)
                except TransientError:
                    print("retrying", attempt)
            raise RuntimeError("gave up")

        return wrapper

    return decorate


calls = {"n": 0}


@retry(3)
def flaky():
    calls["n"] += 1
    if calls["n"] < 2:
        raise TransientError()
    return "ok"


print(flaky())
