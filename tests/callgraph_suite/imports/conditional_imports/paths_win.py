def join_path(parts):
    return "C:\\" + "\\".join(parts)
