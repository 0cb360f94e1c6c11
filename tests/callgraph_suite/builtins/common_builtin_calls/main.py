"""Calls to common builtin functions and builtin classes, from functions, comprehensions and module level."""


def summarize(values):
    cleaned = [int(v) for v in values if isinstance(v, (int, str))]
    ordered = sorted(cleaned, reverse=True)
    return {"n": len(ordered), "max": max(ordered), "total": sum(abs(x) for x in ordered)}


def show(stats):
    for i, key in enumerate(sorted(stats)):
        print(i, key, str(stats[key]))


data = ["3", 1, -4, 2.5, "7"]
show(summarize(data))
print(list(range(3)), dict(a=1), tuple("ab"))
