"""yield from delegating to sub-generators; the consumer calls the functions the delegated generators yield."""


def ping():
    return "ping"


def pong():
    return "pong"


def reset():
    return "reset"


def basic_commands():
    yield ping
    yield pong


def admin_commands():
    yield reset
    return "admin done"


def all_commands():
    yield from basic_commands()
    status = yield from admin_commands()
    print(status)


for cmd in all_commands():
    print(cmd())
