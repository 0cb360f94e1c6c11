from core import Engine
from core import run as execute

from .v2 import execute as execute_v2

__all__ = ["Engine", "execute", "execute_v2"]
