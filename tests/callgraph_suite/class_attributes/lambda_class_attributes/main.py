"""Lambdas stored as class attributes become methods (they receive self); lambdas kept in a tuple attribute do not."""


def clean(text):
    return " ".join(text.split())


class Validator:
    limit = 3
    too_long = lambda self, s: len(s) > self.limit
    normalize = lambda self, s: clean(s).lower()
    rules = (lambda s: bool(s),)

    def check(self, s):
        s = self.normalize(s)
        return not self.too_long(s) and all(rule(s) for rule in self.rules)


class Strict(Validator):
    limit = 1
    too_long = lambda self, s: len(s) >= self.limit


print(Validator().check("  ab  "), Strict().check("ab"))
