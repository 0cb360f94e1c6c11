"""Static and class methods called through instances as well as through the class, with a subclass override."""


class Converter:
    rate = 2.0

    def __init__(self, name):
        self.name = name

    @staticmethod
    def clean(value):
        return abs(value)

    @classmethod
    def scale(cls, value):
        return value * cls.rate

    def convert(self, value):
        return self.scale(self.clean(value))


class HalfConverter(Converter):
    rate = 0.5

    @staticmethod
    def clean(value):
        return max(value, 0)


conv = Converter("double")
half = HalfConverter("half")
print(conv.clean(-3), Converter.clean(-4), half.clean(-2))
print(half.scale(10), Converter.scale(10))
print(conv.convert(-1), half.convert(-1))
