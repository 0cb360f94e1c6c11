"""Classes defining neither __init__ nor __new__: the call edge goes to the class itself, also via a parameter."""


class Settings:
    debug = False
    level = 1

    def describe(self):
        return f"debug={self.debug} level={self.level}"


class DevSettings(Settings):
    debug = True


class Registry:
    def __init__(self):
        self.items = []

    def add(self, kind):
        item = kind()
        self.items.append(item)
        return item


reg = Registry()
reg.add(Settings)
reg.add(DevSettings)
for s in reg.items:
    print(s.describe())
print(Settings().describe())
