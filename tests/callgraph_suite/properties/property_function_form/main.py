"""property() called as a function: reads and writes reach the named getter and setter functions."""


def normalize(level):
    return level.strip().lower()


class Config:
    LEVELS = ("debug", "info", "error")

    def __init__(self):
        self._level = "info"

    def _get_level(self):
        return self._level

    def _set_level(self, value):
        value = normalize(value)
        if value not in self.LEVELS:
            raise ValueError(value)
        self._level = value

    level = property(_get_level, _set_level, doc="logging level")
    verbose = property(lambda self: self._level == "debug")


cfg = Config()
cfg.level = "  DEBUG "
print(cfg.level, cfg.verbose)
