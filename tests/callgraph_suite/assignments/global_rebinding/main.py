"""A module-level name rebound inside functions through `global`, next to a same-named local that does not touch it."""

import sys


def plain(text):
    return text


def fancy(text):
    return "*" + text + "*"


def shouty(text):
    return text.upper()


formatter = plain


def use_fancy():
    global formatter
    formatter = fancy


def use_shouty():
    global formatter
    formatter = shouty


def render(text):
    return formatter(text)


def render_local(text):
    formatter = shouty
    return formatter(text)


print(render("a"))
use_fancy()
if "--loud" in sys.argv:
    use_shouty()
print(render("b"), render_local("c"))
