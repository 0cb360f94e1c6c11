def encode(text):
    return "".join(reversed(text))
