def strip(text):
    return text.strip()


def lower(text):
    return text.lower()
