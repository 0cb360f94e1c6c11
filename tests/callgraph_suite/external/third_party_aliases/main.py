"""Third-party libraries named as imported: numpy as np, numpy.linalg.norm as length, pandas, yaml, requests."""

import numpy as np
import pandas as pd
import yaml
from numpy.linalg import norm as length
from requests import Request


def vector_stats(values):
    arr = np.array(values, dtype=float)
    return float(length(arr)), float(arr.mean())


def table(rows):
    df = pd.DataFrame(rows)
    return df.groupby("k")["v"].sum().to_dict()


def config(text):
    return yaml.safe_load(text)["name"]


def prepared(url):
    return Request("GET", url, params={"q": "x"}).prepare().url


print(vector_stats([3, 4]), table([{"k": "a", "v": 1}, {"k": "a", "v": 2}]))
print(config("name: demo"), prepared("http://example.org/"))
