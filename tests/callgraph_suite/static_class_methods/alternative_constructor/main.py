"""Alternative constructors: classmethods calling cls(...) call __init__, with a staticmethod helper via cls and the class."""


class Date:
    def __init__(self, year, month, day):
        self.year, self.month, self.day = year, month, day

    @classmethod
    def from_iso(cls, text):
        year, month, day = cls.split(text, "-")
        return cls(year, month, day)

    @classmethod
    def from_us(cls, text):
        month, day, year = Date.split(text, "/")
        return cls(year, month, day)

    @staticmethod
    def split(text, sep):
        return [int(p) for p in text.split(sep)]

    def iso(self):
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


print(Date.from_iso("2024-03-01").iso(), Date.from_us("12/31/1999").iso())
