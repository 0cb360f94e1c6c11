"""raise with instantiation: an exception without __init__ (edge to the class) and one whose __init__ calls super."""


class NotFound(Exception):
    pass


class BadInput(Exception):
    def __init__(self, value):
        super().__init__(f"bad input: {value!r}")
        self.value = value


def lookup(table, key):
    if not isinstance(key, str):
        raise BadInput(key)
    if key not in table:
        raise NotFound(key)
    return table[key]


for k in ("a", "b", 3):
    try:
        print(lookup({"a": 1}, k))
    except (NotFound, BadInput) as err:
        print("error:", err)
