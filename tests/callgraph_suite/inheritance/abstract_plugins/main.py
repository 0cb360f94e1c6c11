"""An abstract base whose concrete method calls an abstractmethod: the call reaches every concrete override."""
from abc import ABC, abstractmethod


class Plugin(ABC):
    def __init__(self, name):
        self.name = name

    @abstractmethod
    def execute(self, data):
        ...

    def run(self, data):
        print("running", self.name)
        return self.execute(data)


class Upper(Plugin):
    def execute(self, data):
        return data.upper()


class Reverse(Plugin):
    def execute(self, data):
        return data[::-1]


class Strip(Plugin):
    def __init__(self):
        super().__init__("strip")

    def execute(self, data):
        return data.strip()


plugins = [Upper("up"), Reverse("rev"), Strip()]
text = "  hello "
for plugin in plugins:
    text = plugin.run(text)
print(repr(text))
