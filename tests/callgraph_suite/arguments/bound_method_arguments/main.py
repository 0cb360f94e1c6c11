"""Bound methods passed as arguments: the callee calls the method of the instance they were taken from."""


class Greeter:
    def __init__(self, prefix):
        self.prefix = prefix

    def greet(self, name):
        return self.prefix + " " + name

    def shout(self, name):
        return self.greet(name).upper()


class PoliteGreeter(Greeter):
    def greet(self, name):
        return "Dear " + name


def each(names, callback):
    return [callback(n) for n in names]


def queue_task(tasks, fn):
    tasks.append(fn)
    return tasks


g = Greeter("Hi")
p = PoliteGreeter("Yo")
print(each(["a", "b"], g.greet), each(["c"], p.shout))
queue = queue_task([], p.greet)
print(queue[0]("z"))
