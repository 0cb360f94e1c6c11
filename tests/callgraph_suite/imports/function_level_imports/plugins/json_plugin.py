import json


def export(rows):
    return json.dumps(rows)
