def escape(s):
    return s.replace("<", "&lt;")


def render(s):
    return "[" + s + "]"
