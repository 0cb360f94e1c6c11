"""Containers of functions passed as arguments are iterated, indexed and looked up by key inside the callee."""


def backup():
    return "backup"


def compress():
    return "compress"


def upload():
    return "upload"


def notify(who):
    return "notify " + who


def run_all(tasks):
    return [task() for task in tasks]


def run_first(tasks):
    return tasks[0]()


def call_named(table, name, *args):
    return table[name](*args)


print(run_all([backup, compress]), run_all((upload,)))
print(run_first([compress, upload]), run_first((backup,)))
print(call_named({"notify": notify}, "notify", "ops"))
