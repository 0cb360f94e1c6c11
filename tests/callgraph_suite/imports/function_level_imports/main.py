"""Imports inside functions and methods bind local names that shadow module-level ones only there."""


def export(rows):
    return "default:" + str(len(rows))


def to_csv(rows):
    from plugins.csv_plugin import export

    return export(rows)


def to_json(rows):
    import plugins.json_plugin as jp

    return jp.export(rows)


def to_default(rows):
    return export(rows)


class Report:
    def render(self, fmt):
        if fmt == "csv":
            from plugins import csv_plugin as backend
        else:
            from plugins import json_plugin as backend
        return backend.export([1, 2])


rows = [1, 2, 3]
print(to_csv(rows), to_json(rows), to_default(rows), Report().render("csv"))
