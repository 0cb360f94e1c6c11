"""Calls on objects that external calls return (even when stored on an instance) are not edges; the external call is."""

import argparse
import datetime
import re
from pathlib import Path


class Matcher:
    def __init__(self, pattern):
        self.regex = re.compile(pattern)

    def first_group(self, text):
        m = self.regex.search(text)
        return m.group(1) if m else None


def make_parser():
    parser = argparse.ArgumentParser(prog="demo")
    parser.add_argument("--n", type=int, default=1)
    return parser


def stamp(y, m, d):
    return datetime.date(y, m, d).replace(day=1).isoformat()


def suffix(name):
    return Path(name).with_suffix(".txt").name


args = make_parser().parse_args(["--n", "3"])
print(Matcher(r"(\d+)").first_group("ab12"), args.n, stamp(2024, 5, 17), suffix("a.py"))
