"""An object built in a class body is used through self, cls and the class name, also from a subclass."""


class Registry:
    def __init__(self):
        self.items = {}

    def add(self, key, obj):
        self.items[key] = obj

    def lookup(self, key):
        return self.items[key]


class Model:
    registry = Registry()

    def __init__(self, key):
        self.key = key
        self.registry.add(key, self)

    @classmethod
    def get(cls, key):
        return cls.registry.lookup(key)


class User(Model):
    def greet(self):
        return "hello " + self.key


User("ann")
print(User.get("ann").greet())
print(len(Model.registry.items), Model.registry.lookup("ann").key)
