"""A chain of super().__init__ calls through four levels, one of which has no __init__ of its own."""


class Component:
    def __init__(self, name):
        self.name = name
        self.children = []


class Container(Component):
    def __init__(self, name, layout="vertical"):
        super().__init__(name)
        self.layout = layout


class Panel(Container):
    def add(self, child):
        self.children.append(child)


class Window(Panel):
    def __init__(self, title):
        super().__init__(title, layout="grid")
        self.title = title


w = Window("main")
side = Panel("side")
w.add(side)
print(w.name, w.layout, side.layout, len(w.children))
