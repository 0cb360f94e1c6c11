"""super().other() reaches the parent's version of a method that self's class overrides; the parent is in another module."""
from formatting import Formatter


class HtmlFormatter(Formatter):
    def escape(self, text):
        return text.replace("<", "&lt;")

    def render(self, text):
        plain = super().escape(text)
        return f"<p>{self.escape(plain)}</p> ({super().render(plain)})"


print(HtmlFormatter().render(" a<b "))
