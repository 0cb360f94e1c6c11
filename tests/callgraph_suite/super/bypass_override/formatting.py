"""Base formatter; render() calls self.escape(), which a subclass overrides."""


class Formatter:
    def escape(self, text):
        return text.strip()

    def render(self, text):
        return self.escape(text).upper()
