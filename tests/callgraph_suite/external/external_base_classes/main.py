"""Classes deriving from stdlib bases: inherited methods are named through the base, overrides stay in the repo."""

import json
from collections import UserDict


class Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, set):
            return sorted(o)
        return super().default(o)


class Registry(UserDict):
    def __init__(self, owner):
        super().__init__()
        self.owner = owner

    def add(self, key, value):
        self[key] = value
        return self.get(key)


def dump(data):
    return Encoder(indent=None).encode(data)


reg = Registry("me")
reg.add("tags", {"b", "a"})
print(dump(reg.data), list(reg.keys()), reg.owner)
