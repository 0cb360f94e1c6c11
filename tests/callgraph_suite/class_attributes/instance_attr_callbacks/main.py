"""Functions, lambdas and bound methods stored in instance attributes are called through self."""


def to_upper(text):
    return text.upper()


class Printer:
    def __init__(self):
        self.lines = []

    def show(self, text):
        self.lines.append(text)
        return text


class Button:
    def __init__(self, label, on_click):
        self.label = label
        self.on_click = on_click

    def click(self):
        return self.on_click(self.label)


printer = Printer()
buttons = [
    Button("ok", to_upper),
    Button("twice", lambda s: s * 2),
    Button("print", printer.show),
]
for b in buttons:
    print(b.click())
