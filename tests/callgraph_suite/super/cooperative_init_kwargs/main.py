"""Cooperative __init__(**kwargs) across mixins: one super().__init__ reaches a sibling or the base, by the MRO of self."""


class Widget:
    def __init__(self, **kwargs):
        self.options = kwargs


class Sized(Widget):
    def __init__(self, width=0, height=0, **kwargs):
        self.width, self.height = width, height
        super().__init__(**kwargs)


class Colored(Widget):
    def __init__(self, color="black", **kwargs):
        self.color = color
        super().__init__(**kwargs)


class Button(Sized, Colored):
    def __init__(self, label, **kwargs):
        self.label = label
        super().__init__(**kwargs)


b = Button("ok", width=10, color="red", tooltip="press")
s = Sized(width=5)
print(b.width, b.color, b.options, s.options)
