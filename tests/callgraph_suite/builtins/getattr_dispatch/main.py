"""getattr/hasattr/callable dispatch: the builtin calls are edges, and so is the method reached through getattr."""


class Commands:
    def do_start(self):
        return "started"

    def do_stop(self):
        return "stopped"

    def dispatch(self, name):
        handler = getattr(self, "do_" + name, None)
        if callable(handler):
            return handler()
        return "unknown"


def first_available(obj):
    if hasattr(obj, "do_start"):
        return obj.do_start()
    return None


c = Commands()
print(c.dispatch("start"), c.dispatch("stop"), first_available(c))
print(type(c).__name__, isinstance(c, Commands), repr(c) != "")
