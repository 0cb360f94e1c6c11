def shout(text):
    return text.upper() + _secret()


def _secret():
    return "!"
