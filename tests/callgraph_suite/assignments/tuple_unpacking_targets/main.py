"""Tuple/list unpacking of functions: parallel targets, a swap, nested targets and a starred target."""


def load():
    return "load"


def save():
    return "save"


def check():
    return "check"


def clean():
    return "clean"


def close():
    return "close"


reader, writer = load, save
reader, writer = writer, reader  # swap: reader is now save, writer is load
(pre, post), final = (check, clean), close
first, *others = [check, clean, close]


def read_step():
    return reader()


def write_step():
    return writer()


def wrap_steps():
    return pre(), post(), final()


def starred():
    return first(), [fn() for fn in others]


print(read_step(), write_step(), wrap_steps(), starred())
