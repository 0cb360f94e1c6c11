"""A custom exception hierarchy: subclasses inherit or extend a base __init__ that calls Exception.__init__."""


class AppError(Exception):
    def __init__(self, message, code=500):
        super().__init__(message)
        self.code = code


class ClientError(AppError):
    pass


class NotFoundError(ClientError):
    def __init__(self, resource):
        super().__init__(f"{resource} not found", code=404)
        self.resource = resource


class ServerError(AppError):
    pass


def fetch(resource):
    if resource == "missing":
        raise NotFoundError(resource)
    if resource == "bad":
        raise ClientError("malformed", 400)
    if resource == "boom":
        raise ServerError("crash")
    return resource


for r in ("ok", "missing", "bad", "boom"):
    try:
        fetch(r)
    except ClientError as e:
        print("client", e.code)
    except AppError as e:
        print("server", e.code)
