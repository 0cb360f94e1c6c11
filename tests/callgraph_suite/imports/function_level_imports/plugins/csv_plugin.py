def export(rows):
    return ",".join(str(r) for r in rows)
