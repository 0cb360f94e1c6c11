"""Relative imports: `from . import mod`, `from .. import mod`, `from ..mod import name as alias`."""

from pkg import api
from pkg.sub.helpers import normalize

print(api.process("  Hello "))
print(normalize(" WORLD "))
