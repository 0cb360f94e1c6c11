"""Registry decorators that return their argument unchanged: a function-registering factory and a class decorator."""

ROUTES = {}
PLUGINS = []


def route(path):
    def register(func):
        ROUTES[path] = func
        return func

    return register


def plugin(cls):
    PLUGINS.append(cls)
    return cls


@route("/")
def index():
    return "home"


@route("/about")
def about():
    return "about " + index()


@plugin
class Upper:
    def apply(self, text):
        return text.upper()


@plugin
class Reverse:
    def __init__(self):
        self.name = "rev"

    def apply(self, text):
        return text[::-1]


def handle(path):
    body = ROUTES[path]()
    for cls in PLUGINS:
        body = cls().apply(body)
    return body


print(handle("/"), handle("/about"))
