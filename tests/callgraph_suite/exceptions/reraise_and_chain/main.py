"""Re-raising: raise ... from e wrapping a KeyError in a custom error, then a bare raise after logging."""


class ConfigError(Exception):
    def __init__(self, key, cause):
        super().__init__(f"missing {key}")
        self.cause = cause


def log_failure(exc):
    print("failed:", type(exc).__name__)


def read_setting(settings, key):
    try:
        return settings[key]
    except KeyError as e:
        raise ConfigError(key, e) from e


def load(settings):
    try:
        return read_setting(settings, "port")
    except ConfigError as err:
        log_failure(err)
        raise


try:
    load({"host": "x"})
except ConfigError as final:
    log_failure(final.cause)
