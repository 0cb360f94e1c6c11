"""Lambdas assigned to names and called, one lambda calling another, and a name rebound between two lambdas."""

square = lambda x: x * x  # noqa: E731
cube = lambda x: x * square(x)  # noqa: E731


def describe(n):
    return f"{n}: {square(n)} {cube(n)}"


op = square
if len(describe(2)) > 3:
    op = cube
print(describe(3), op(4))
