"""Sibling closures calling each other (mutual recursion) and a closure calling a module-level helper."""


def check(n):
    if n < 0:
        raise ValueError(n)
    return n


def parity_tools():
    def is_even(n):
        return True if n == 0 else is_odd(n - 1)

    def is_odd(n):
        return False if n == 0 else is_even(n - 1)

    def classify(n):
        return "even" if is_even(check(n)) else "odd"

    return classify


classify = parity_tools()
print([classify(i) for i in range(5)])
