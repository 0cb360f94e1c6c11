from .base import Polygon, Shape

__all__ = ["Polygon", "Shape"]
