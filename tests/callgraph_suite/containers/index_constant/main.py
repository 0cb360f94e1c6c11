"""Functions in a list and a tuple called by constant index reach only that element; a varying index reaches all of them."""


def start():
    return "start"


def stop():
    return "stop"


def pause():
    return "pause"


def resume():
    return "resume"


actions = [start, stop]
pair = (pause, resume)


def by_position(i):
    return actions[i]()


def last_of_pair():
    return pair[-1]()


print(actions[0](), pair[0](), last_of_pair())
print([by_position(i) for i in range(len(actions))])
