"""Stdlib submodules imported in several forms, next to a repository module named like a stdlib submodule."""

import urllib.parse
from email import utils as mail_utils
from textwrap import dedent
from textwrap import shorten as cut
from urllib import parse as urlparse_mod

import utils


def normalize(url):
    parts = urllib.parse.urlsplit(url)
    query = urlparse_mod.parse_qs(parts.query)
    return utils.clean(parts.netloc), query


def sender(header):
    name, addr = mail_utils.parseaddr(header)
    return utils.clean(name) + " <" + addr + ">"


def banner(text):
    return cut(dedent(text), width=20)


print(normalize("http://Example.com/a?x=1"), sender("Bob <b@x.org>"), banner("  hello wide world  "))
