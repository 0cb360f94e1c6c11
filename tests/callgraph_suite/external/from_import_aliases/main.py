"""Stdlib names from-imported (some aliased) are named by full dotted path; methods of their results are not edges."""

import operator
from collections import OrderedDict as OD
from collections import defaultdict
from functools import reduce
from itertools import chain as concat
from os import path as p


def group(words):
    groups = defaultdict(list)
    for w in words:
        groups[w[0]].append(w)
    ordered = OD(sorted(groups.items()))
    ordered.move_to_end(next(iter(ordered)))
    return ordered


def product(nums):
    return reduce(operator.mul, nums, 1)


def flatten(lists):
    return list(concat.from_iterable(lists))


def ext(name):
    return p.splitext(name)[1]


print(group(["ab", "ac", "bd"]), product([2, 3]), flatten([[1], [2]]), ext("a.py"))
