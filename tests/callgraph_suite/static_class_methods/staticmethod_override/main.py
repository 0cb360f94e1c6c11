"""Staticmethods overridden in a subclass, reached through self, the class name, and type(self)(...) as constructor."""


class Money:
    def __init__(self, cents):
        self.cents = cents

    @staticmethod
    def symbol():
        return "$"

    @staticmethod
    def fmt(cents):
        return f"{cents // 100}.{cents % 100:02d}"

    def label(self):
        return self.symbol() + Money.fmt(self.cents)

    def double(self):
        return type(self)(self.cents * 2)


class Euro(Money):
    @staticmethod
    def symbol():
        return "EUR "


wallet = [Money(150), Euro(99).double()]
for m in wallet:
    print(m.label(), m.symbol())
