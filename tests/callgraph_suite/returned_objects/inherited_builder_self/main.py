"""Chained methods inherited from a base class return self, so each chain ends in its own subclass's render()."""


class Builder:
    def __init__(self):
        self.parts = []

    def add(self, part):
        self.parts.append(part)
        return self

    def extend(self, parts):
        for p in parts:
            self.add(p)
        return self

    def render(self):
        return "".join(self.parts)


class HtmlBuilder(Builder):
    def render(self):
        return "<p>" + super().render() + "</p>"


class TextBuilder(Builder):
    def render(self):
        return " ".join(self.parts)


def html():
    return HtmlBuilder().add("a").extend(["b", "c"]).render()


def text():
    return TextBuilder().extend(["x", "y"]).add("z").render()


print(html(), text())
