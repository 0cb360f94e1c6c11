"""A dict with constant string keys: a constant key reaches only its value; a varying key or .get() reaches every value."""


def on_get(req):
    return "got " + req


def on_post(req):
    return "posted " + req


def on_delete(req):
    return "deleted " + req


def not_found(req):
    return "404 " + req


ROUTES = {"GET": on_get, "POST": on_post, "DELETE": on_delete}


def dispatch(method, req):
    handler = ROUTES.get(method, not_found)
    return handler(req)


def strict_dispatch(method, req):
    return ROUTES[method](req)


print(ROUTES["POST"]("/a"))
print([dispatch(m, "/b") for m in ("GET", "POST", "DELETE", "PUT")])
print([strict_dispatch(m, "/c") for m in ROUTES])
