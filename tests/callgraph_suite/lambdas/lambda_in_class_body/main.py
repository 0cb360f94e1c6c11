"""Lambdas in class bodies: a staticmethod-wrapped key, a lambda method, and a subclass lambda overriding it."""


def fmt_money(v):
    return f"${v:.2f}"


class Item:
    sort_key = staticmethod(lambda item: item.price)
    label = lambda self: self.name + " " + fmt_money(self.price)  # noqa: E731

    def __init__(self, name, price):
        self.name = name
        self.price = price


class Discounted(Item):
    label = lambda self: "SALE " + Item.label(self)  # noqa: E731


items = [Item("pen", 2.5), Discounted("cup", 4.0)]
keys = [Item.sort_key(it) for it in items]
for it in items:
    print(it.label())
print(keys)
