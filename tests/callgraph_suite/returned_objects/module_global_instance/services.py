class Registry:
    def __init__(self):
        self._handlers = {}

    def register(self, name, handler):
        self._handlers[name] = handler
        return self

    def names(self):
        return sorted(self._handlers)


class Mailer:
    def send(self, to, body):
        return f"to {to}: {body}"


registry = Registry()
mailer = Mailer()


def get_mailer():
    return mailer
