from . import core
from .sub.helpers import normalize as norm


def process(text):
    return norm(core.strip(text))
