"""A captured variable rebound with nonlocal to another function; the reading closure calls whichever is current."""


def to_csv(rows):
    return ",".join(rows)


def to_lines(rows):
    return "\n".join(rows)


def make_exporter():
    writer = to_csv
    count = 0

    def use_lines():
        nonlocal writer
        writer = to_lines

    def export(rows):
        nonlocal count
        count += 1
        return writer(rows)

    def exported():
        return count

    return use_lines, export, exported


switch, export, exported = make_exporter()
print(export(["a", "b"]))
switch()
print(export(["c"]), exported())
