"""Functions bound to names, aliases of aliases, a local alias, and an alias of an imported function."""

from lib import encode as enc


def greet(name):
    return "hi " + name


hello = greet
salute = hello
encoder = enc
transform = encoder


def welcome(name):
    say = salute
    return transform(say(name))


print(welcome("ann"))
