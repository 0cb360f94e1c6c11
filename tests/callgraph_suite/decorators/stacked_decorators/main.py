"""Stacked decorators: both applied at the def, and each wrapper calls only the layer directly below it."""


def bold(func):
    def bold_wrapper():
        return "<b>" + func() + "</b>"

    return bold_wrapper


def italic(func):
    def italic_wrapper():
        return "<i>" + func() + "</i>"

    return italic_wrapper


@bold
@italic
def title():
    return "Hello"


@italic
def note():
    return "note"


print(title(), note())
