"""Calls through self and cls: instance methods reach class and static methods via self, classmethods via cls."""


class Temperature:
    unit = "C"

    def __init__(self, degrees):
        self.degrees = degrees

    @classmethod
    def freezing(cls):
        return cls(cls.zero())

    @staticmethod
    def zero():
        return 0.0

    @classmethod
    def describe_unit(cls):
        return cls.unit_name()

    @classmethod
    def unit_name(cls):
        return "celsius"

    def show(self):
        return f"{self.degrees} {self.describe_unit()}"

    def is_freezing(self):
        return self.degrees <= self.zero()


t = Temperature.freezing()
print(t.show(), t.is_freezing())
