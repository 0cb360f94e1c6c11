"""Bound methods are returned from a function and from a method and called later; the receiver decides which method runs."""


class Task:
    def __init__(self, name):
        self.name = name

    def run(self):
        return f"running {self.name}"

    def on_start(self):
        return "start " + self.name

    def on_stop(self):
        return "stop " + self.name

    def handler_for(self, event):
        return self.on_start if event == "start" else self.on_stop


class Job(Task):
    def run(self):
        return "job " + super().run()


def get_action(obj):
    return obj.run


def fire(task, event):
    return task.handler_for(event)()


print(get_action(Job("build"))())
print(fire(Task("t"), "start"), fire(Task("t"), "stop"))
