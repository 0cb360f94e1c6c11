"""map/filter/sorted/max with user callbacks: the builtin calls the callback, so the caller only calls the builtin."""


def square(x):
    return x * x


def is_even(x):
    return x % 2 == 0


def by_last_digit(x):
    return abs(x) % 10


def pipeline(nums):
    evens = filter(is_even, nums)
    squares = map(square, evens)
    return sorted(squares, key=by_last_digit)


def labels(nums):
    return list(map(lambda n: "#" + str(square(n)), nums))


print(pipeline([1, 2, 3, 4, 12]), labels([2, 3]))
print(max([3, -9, 4], key=abs))
