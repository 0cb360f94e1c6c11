from .. import core
from ..core import strip as _strip


def normalize(text):
    return core.lower(_strip(text))
