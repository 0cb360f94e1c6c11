from .impl import Engine
from .impl import compute as run

__all__ = ["Engine", "run"]
