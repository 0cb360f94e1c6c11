"""BM25 over identifiers: names are split into words so that English finds code, a rare word
weighs more than a common one, and a long body is not favoured for being long."""

from __future__ import annotations

import math

import pytest

from codeintel.analysis.embeddings.bm25 import BM25, identifier_words, split_identifier


def test_identifiers_split_at_underscores_and_camel_case_humps_and_are_kept_whole() -> None:
    assert split_identifier("parseHTTPResponse2") == ["parse", "http", "response", "2"]
    assert split_identifier("__max_len__") == ["max", "len"]
    assert identifier_words("def file_length(path): return os.stat(path).st_size") == [
        "def",
        "file",
        "length",
        "file_length",
        "path",
        "return",
        "os",
        "stat",
        "path",
        "st",
        "size",
        "st_size",
    ]


def test_a_query_in_words_finds_the_function_whose_names_hold_them() -> None:
    bodies = [
        "def file_length(path):\n    return os.stat(path).st_size",
        "def parse_url(text):\n    return urlsplit(text)",
        "def send_mail(to, body):\n    smtp.send(to, body)",
    ]
    scores = BM25(bodies).scores("Return the length of the file at path.")
    assert scores.argmax() == 0 and 0 < scores[1] < scores[0] / 5  # "return" is all that parse_url shares
    assert scores[2] == 0


def test_the_score_is_okapi_bm25_with_lucene_idf() -> None:
    bodies = ["alpha beta", "alpha alpha gamma delta", "epsilon"]
    k1, b, mean_length = 1.2, 0.75, 7 / 3
    idf = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))  # alpha is in 2 of the 3 documents
    expected = [idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * n / mean_length)) for tf, n in ((1, 2), (2, 4))]
    assert BM25(bodies).scores("alpha alpha") == pytest.approx([*expected, 0.0])  # a repeated term counts once


def test_a_rare_word_weighs_more_than_a_common_one() -> None:
    index = BM25(["load config", "load user", "load cache", "save config"])
    assert index.scores("save")[3] > index.scores("load")[0]
    assert index.score_matrix(["save", "load"]).shape == (2, 4)
