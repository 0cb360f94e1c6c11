def default_hook(event):
    return "default:" + event


hook = default_hook


def emit(event):
    return hook(event)
