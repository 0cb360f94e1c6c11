"""Methods of classes nobody instantiates: self is read as the method's own class, so overrides elsewhere do not count."""


class Validator:
    def validate(self, value):
        if not self.check_type(value):
            return self.fail("type")
        return self.check_range(value)

    def check_type(self, value):
        return isinstance(value, int)

    def check_range(self, value):
        return 0 <= value <= 100 or self.fail("range")

    def fail(self, reason):
        print("invalid:", reason)
        return False


class StrictValidator(Validator):
    def check_range(self, value):
        return 10 <= value <= 20 or self.fail("strict range")


def quick_check(value):
    return Validator.check_type(None, value)


print(quick_check(5))
