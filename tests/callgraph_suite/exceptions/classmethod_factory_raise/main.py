"""Exceptions built by a classmethod factory (cls(...)) on classes picked from a dict, and raised directly."""


class HTTPError(Exception):
    def __init__(self, status, reason):
        super().__init__(f"{status} {reason}")
        self.status = status

    @classmethod
    def from_status(cls, status):
        return cls(status, REASONS.get(status, "Unknown"))


class NotFound(HTTPError):
    pass


class Unauthorized(HTTPError):
    def __init__(self, status, reason):
        super().__init__(status, reason + " (login required)")


REASONS = {404: "Not Found", 401: "Unauthorized"}
BY_STATUS = {404: NotFound, 401: Unauthorized}


def check(status):
    if status in BY_STATUS:
        raise BY_STATUS[status].from_status(status)
    if status >= 400:
        raise HTTPError(status, "Error")


for code in (200, 404, 401, 500):
    try:
        check(code)
    except HTTPError as e:
        print(type(e).__name__, e.status)
