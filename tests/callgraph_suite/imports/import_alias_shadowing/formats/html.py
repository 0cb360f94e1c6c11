from .text import escape as _esc


def render(s):
    return "<p>" + _esc(s) + "</p>"
