"""Stdlib functions called through modules, submodules and aliases: os.path.join, json.dumps as js, ET.fromstring."""

import json as js
import os
import os.path
import xml.etree.ElementTree as ET


def build_path(*parts):
    return os.path.join("/tmp", *parts)


def to_json(obj):
    return js.dumps(obj, sort_keys=True)


def root_tag(xml_text):
    return ET.fromstring(xml_text).tag


print(build_path("a", "b"), to_json({"b": 1, "a": 2}), root_tag("<r><c/></r>"))
print(os.path.basename(build_path("x.txt")), os.path.splitext("y.tar")[1])
