"""Functions passed as keyword arguments (keyword-only parameters, out of order, and through a ** dict) and called."""


def on_ok(result):
    return "ok " + str(result)


def on_fail(error):
    return "fail " + error


def log_line(msg):
    return "[log] " + msg


def attempt(value, *, success, failure, logger=None):
    out = success(value) if value >= 0 else failure("negative")
    if logger is not None:
        out = logger(out)
    return out


handlers = {"success": on_ok, "failure": on_fail}
print(attempt(3, failure=on_fail, success=on_ok))
print(attempt(-1, logger=log_line, **handlers))
