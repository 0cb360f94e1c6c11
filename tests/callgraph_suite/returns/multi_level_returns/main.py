"""Functions returned through several levels of nesting and through a pass-through function are called at the end of a chain."""


def log(msg):
    print("[log]", msg)


def outer(prefix):
    def middle(sep):
        def inner(text):
            log(prefix + sep + text)
            return text
        return inner
    return middle


def forward(fn):
    return fn


def choose_logger():
    return forward(outer("app"))


def run_forwarded():
    return choose_logger()("-")("forwarded")


def run_plain():
    forward(log)("plain")


outer("a")(":")("direct")
run_forwarded()
run_plain()
