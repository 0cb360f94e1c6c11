"""Inherited and overridden methods calling each other through self, alternating between base and subclasses."""


class Parser:
    def parse(self, text):
        tokens = self.tokenize(text)
        return self.build(tokens)

    def tokenize(self, text):
        return self.split(text)

    def split(self, text):
        return text.split()

    def build(self, tokens):
        return [self.convert(t) for t in tokens]

    def convert(self, token):
        return token


class NumberParser(Parser):
    def split(self, text):
        return text.replace(",", " ").split()

    def convert(self, token):
        return self.to_number(token)

    def to_number(self, token):
        return int(token)


class FloatParser(NumberParser):
    def to_number(self, token):
        return float(token)


print(NumberParser().parse("1,2 3"))
print(FloatParser().parse("1.5 2"))
