"""Assigning a parameter's attribute reaches the setter only for property classes; reading the property on the class calls nothing."""


def validate_size(value):
    if value < 0:
        raise ValueError("negative size")
    return int(value)


class Widget:
    def __init__(self):
        self._width = 0

    @property
    def width(self):
        """Width in pixels."""
        return self._width

    @width.setter
    def width(self, value):
        self._width = validate_size(value)


class Spacer:
    width = 0


def configure(item, width):
    item.width = width
    return item


def describe_api():
    return isinstance(Widget.width, property), Widget.width.__doc__


print(configure(Widget(), 3.7).width, configure(Spacer(), 5).width)
print(describe_api())
