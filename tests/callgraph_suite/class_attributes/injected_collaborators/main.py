"""Objects stored in attributes by __init__ (injected or built there) have their methods called through self."""


class MemoryStore:
    def __init__(self):
        self.rows = {}

    def save(self, key, value):
        self.rows[key] = value


class AuditStore:
    def save(self, key, value):
        print("audit", key, value)


class NullStore:
    def save(self, key, value):
        return None


class Clock:
    def now(self):
        return 42


class UserService:
    def __init__(self, store):
        self.store = store
        self.clock = Clock()

    def register(self, name):
        stamp = self.clock.now()
        self.store.save(name, stamp)
        return stamp


UserService(MemoryStore()).register("ann")
UserService(AuditStore()).register("bob")
