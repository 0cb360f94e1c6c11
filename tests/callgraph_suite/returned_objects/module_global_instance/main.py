"""Instances held in another module's globals, imported by name, reached through the module, and returned by a getter."""
import services
from services import get_mailer, registry


def welcome(user):
    return get_mailer().send(user, "welcome")


registry.register("welcome", welcome).register("noop", print)
print(services.registry.names())
print(welcome("ann"), services.mailer.send("bob", "hi"))
