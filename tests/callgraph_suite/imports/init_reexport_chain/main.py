"""Names re-exported through __init__ files, renamed and chained across two packages, keep their defining module."""

import api
from api import Engine, execute, execute_v2

engine = Engine(3)
print(execute(1), execute_v2(2), engine.scale(4), api.execute(5))
