def default_handler(path):
    return "GET " + path


def get_handler():
    return default_handler
