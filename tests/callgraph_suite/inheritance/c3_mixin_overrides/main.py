"""Mixins overriding methods in several bases: each call resolves by the C3 linearization, not depth-first."""


class Base:
    def load(self):
        return "base.load"

    def save(self):
        return "base.save"

    def validate(self):
        return "base.validate"

    def close(self):
        return "base.close"


class JsonMixin(Base):
    def load(self):
        return "json.load"


class CacheMixin(Base):
    def load(self):
        return "cache.load"

    def save(self):
        return "cache.save"


class AuditMixin(Base):
    def save(self):
        return "audit.save"

    def validate(self):
        return "audit.validate"


class CachedJson(JsonMixin, CacheMixin):
    def close(self):
        return "cachedjson.close"


class AuditedStore(CachedJson, AuditMixin):
    pass


def run(store):
    return [store.load(), store.save(), store.validate(), store.close()]


print([k.__name__ for k in AuditedStore.__mro__])
print(run(AuditedStore()))
