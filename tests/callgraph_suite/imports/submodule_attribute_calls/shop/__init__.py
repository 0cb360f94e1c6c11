def describe(amount):
    return "total=" + format_amount(amount)


def format_amount(amount):
    return f"{amount:.2f}"
