"""Star imports honour __all__, and skip underscore names when the module has no __all__."""


def helper():
    return "main.helper"


def _secret():
    return "main._secret"


from misc import *  # noqa: E402,F403  no __all__: shout comes in, _secret does not
from tools import *  # noqa: E402,F403  __all__ = ["public", "Formatter"]: tools.helper stays out

print(public(), helper(), _secret(), shout("x"))  # noqa: F405
print(Formatter().fmt(3))  # noqa: F405
