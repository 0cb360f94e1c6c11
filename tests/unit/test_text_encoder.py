"""The sentence encoder: the shipped all-MiniLM-L6-v2 loads offline and places a function near
its description; vectors are normalised, in the order given, the same whatever batch a text
falls in; a tiny random encoder of the same class stands in where the meaning does not matter."""

from __future__ import annotations

import os

import numpy as np
import pytest

from codeintel.analysis.embeddings.encoder import TextEncoder, bundled_model_path, model_version

LOAD_JSON = "def load_json(path):\n    with open(path) as handle:\n        return json.load(handle)"
SORT = "def sort_in_place(numbers):\n    numbers.sort()\n    return numbers"


@pytest.fixture(scope="module")
def encoder() -> TextEncoder:
    return TextEncoder.load(device="cpu")


def test_the_shipped_model_loads_offline_and_says_which_weights_it_is(encoder: TextEncoder) -> None:
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert encoder.dimension == 384 and encoder.version.startswith("all-MiniLM-L6-v2@")
    assert encoder.version == model_version(bundled_model_path())  # the weights' hash, not the folder's name


def test_a_function_is_nearer_its_own_description_than_another_s(encoder: TextEncoder) -> None:
    code_json, code_sort, text_json, text_sort = encoder.encode(
        [LOAD_JSON, SORT, "read a JSON file from disk", "sort a list of numbers"]
    )
    assert code_json @ text_json > code_json @ text_sort
    assert code_sort @ text_sort > code_sort @ text_json


def test_vectors_are_unit_length_in_the_order_given_and_independent_of_their_batch(encoder: TextEncoder) -> None:
    texts = [f"value_{i} = compute({'x, ' * (i % 17)}y)" for i in range(40)] + [LOAD_JSON]
    together = encoder.encode(texts, batch_size=8)  # sorted by length into batches that pad differently
    assert together.shape == (41, 384) and together.dtype == np.float32
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    alone = encoder.encode([LOAD_JSON])
    assert np.allclose(together[-1], alone[0], atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_text_longer_than_the_model_reads_is_truncated_not_refused(encoder: TextEncoder) -> None:
    long_text = " ".join(f"token{i}" for i in range(5000))
    assert encoder.encode([long_text]).shape == (1, 384)


def test_a_tiny_random_encoder_is_deterministic_and_shaped_like_the_real_one() -> None:
    first, second = TextEncoder.tiny(seed=3), TextEncoder.tiny(seed=3)
    assert type(first.model) is type(TextEncoder.load(device="cpu").model)
    assert np.array_equal(first.encode([LOAD_JSON, SORT]), second.encode([LOAD_JSON, SORT]))
    assert first.encode([SORT]).shape == (1, 32) and first.version == "tiny-random-32@seed3"


def test_a_folder_without_a_model_is_refused_with_what_was_expected(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="expected config.json"):
        TextEncoder.load(tmp_path)
