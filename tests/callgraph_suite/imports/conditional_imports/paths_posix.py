def join_path(parts):
    return "/" + "/".join(parts)
