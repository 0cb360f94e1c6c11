"""Counter factories: each call builds a closure with its own state, and a factory of factories adds a level."""


def make_counter(start=0):
    count = start

    def tick():
        nonlocal count
        count += 1
        return count

    return tick


def make_id_factory(prefix):
    next_num = make_counter(100)

    def new_id():
        return f"{prefix}-{next_num()}"

    return new_id


a = make_counter()
b = make_counter(10)
a()
a()
user_id = make_id_factory("user")
print(a(), b(), user_id(), user_id())
