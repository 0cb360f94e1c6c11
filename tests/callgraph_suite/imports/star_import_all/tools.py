__all__ = ["public", "Formatter"]


def public():
    return helper()


def helper():
    return "tools.helper"


class Formatter:
    def fmt(self, n):
        return helper() + str(n)
