"""Closures created in a method that capture self and call its methods, reaching an override in a subclass."""


class Button:
    def __init__(self, label):
        self.label = label

    def render(self):
        return f"[{self.label}]"

    def on_click(self):
        def handler():
            print("clicked", self.render())

        return handler


class IconButton(Button):
    def render(self):
        return "* " + super().render()


handlers = [Button("ok").on_click(), IconButton("save").on_click()]
for h in handlers:
    h()
