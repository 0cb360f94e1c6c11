"""Nested functions returned from factories and called later, one factory choosing between two inner functions."""


def make_greeter(greeting):
    def greet(name):
        return f"{greeting}, {name}"

    return greet


def make_formatter(upper):
    def plain(s):
        return s

    def loud(s):
        return s.upper()

    return loud if upper else plain


hello = make_greeter("Hello")
print(hello("Ann"))
print(make_greeter("Hi")("Bob"))
fmt = make_formatter(True)
print(fmt("x"), make_formatter(False)("y"))
