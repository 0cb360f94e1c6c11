"""Fine-tuning: the contrastive loop learns, a checkpoint reloads to the vectors it was saved with,
and a new checkpoint is used only when it ranks held-out pairs better than the model in use (a
tie is not enough); every run is recorded. Retrieval scores count a tie against the right answer.
A tiny random encoder stands in for the real one: these tests are about the mechanics."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from codeintel.analysis.embeddings.active import ACTIVE_FILE, promoted_checkpoint
from codeintel.analysis.embeddings.encoder import TextEncoder, model_version
from codeintel.analysis.embeddings.finetune import (
    FineTuneConfig,
    FineTuneError,
    evaluate,
    fine_tune,
    history,
    ranks,
    retrieval_scores,
    save_checkpoint,
    train_model,
)
from codeintel.analysis.embeddings.pairs import Pair

WORDS = (
    "apple river castle engine garden harbor island jungle kettle lantern meadow needle orchard pepper quartz saddle"
)
TOY = [
    Pair(
        query=f"fetch the {word} record",
        body=f"def fetch_{word}(db):\n    return db.get('{word}')",
        repo="toy",
        path=f"{word}.py",
        name=f"fetch_{word}",
        line=1,
    )
    for word in WORDS.split()
]
QUICK = FineTuneConfig(
    epochs=12,
    batch_size=8,
    learning_rate=3e-3,
    warmup=0.0,
    min_train_pairs=8,
    min_held_out_pairs=4,
    seed=7,
    threads=1,  # a tiny model on a busy machine: one thread is many times faster than two
)


def test_ranks_count_a_tie_against_the_right_body_and_scores_stop_at_ten() -> None:
    similarity = np.array([[0.9, 0.1, 0.5], [0.8, 0.7, 0.7], [0.2, 0.3, 0.1]])
    assert ranks(similarity).tolist() == [1, 3, 3]
    scores = retrieval_scores(np.array([1, 3, 3, 11]))
    assert (scores.mrr_at_10, scores.recall_at_10, scores.pairs) == (pytest.approx(0.4167, abs=1e-4), 0.75, 4)


def test_evaluate_ranks_each_query_against_every_body_of_the_set() -> None:
    def one_hot(texts):
        """Query i and body i share direction i, except that query 2 points at body 0."""
        rows = np.zeros((len(texts), 3), dtype=np.float32)
        for row, text in enumerate(texts):
            rows[row, 0 if text == "q2" else int(text[-1])] = 1.0
        return rows

    pairs = [Pair(query=f"q{i}", body=f"b{i}", repo="r", path="p", name="f", line=i) for i in range(3)]
    assert evaluate(one_hot, pairs).model_dump() == {
        "mrr_at_10": pytest.approx(0.7778, abs=1e-4),
        "recall_at_10": 1.0,
        "pairs": 3,
    }


def test_the_loss_falls_on_a_toy_set() -> None:
    encoder = TextEncoder.tiny(seed=1)
    _, losses, steps = train_model(encoder.model, encoder.tokenizer, TOY, QUICK, "cpu")
    assert steps == 12 * 2 and losses[-1] < losses[0] / 2


def test_a_saved_checkpoint_reloads_to_the_same_vectors_under_a_new_version(tmp_path: Path) -> None:
    encoder = TextEncoder.tiny(seed=2)
    model, _, _ = train_model(encoder.model, encoder.tokenizer, TOY, QUICK.model_copy(update={"epochs": 1}), "cpu")
    first = save_checkpoint(model, encoder.tokenizer, tmp_path)
    second = save_checkpoint(model, encoder.tokenizer, tmp_path)
    assert (first.name, second.name) == ("finetuned-0001", "finetuned-0002")
    reloaded = TextEncoder.load(first, "cpu")
    texts = [pair.body for pair in TOY[:4]] + [pair.query for pair in TOY[:4]]
    assert np.allclose(
        reloaded.encode(texts), TextEncoder(encoder.tokenizer, model, "trained").encode(texts), atol=1e-5
    )
    assert reloaded.version == model_version(first) and reloaded.version.startswith("finetuned-0001@")


def test_a_checkpoint_that_only_ties_the_model_in_use_is_kept_but_not_promoted(tmp_path: Path) -> None:
    unchanged = QUICK.model_copy(update={"learning_rate": 0.0, "epochs": 1})
    result = fine_tune(TOY, TOY[:8], tmp_path, unchanged, base=TextEncoder.tiny(seed=3))
    assert result.scores == result.base_scores and not result.promoted
    assert Path(result.path).is_dir() and not (tmp_path / ACTIVE_FILE).exists()
    assert promoted_checkpoint(tmp_path) is None
    [run] = history(tmp_path)
    assert (run["version"], run["promoted"], run["base_version"]) == (result.version, False, "tiny-random-32@seed3")


def test_a_checkpoint_that_beats_the_model_in_use_is_promoted_and_recorded(tmp_path: Path) -> None:
    result = fine_tune(TOY, TOY, tmp_path, QUICK, base=TextEncoder.tiny(seed=4))
    assert result.scores.mrr_at_10 > result.base_scores.mrr_at_10 and result.promoted
    assert promoted_checkpoint(tmp_path) == Path(result.path)
    record = json.loads((tmp_path / ACTIVE_FILE).read_text())
    assert (record["path"], record["version"]) == (Path(result.path).name, result.version)
    [run] = history(tmp_path)
    assert run["promoted"] and run["scores"] == result.scores.model_dump() and run["train_pairs"] == len(TOY)


def test_too_few_pairs_say_how_many_there_are_and_how_many_are_needed(tmp_path: Path) -> None:
    with pytest.raises(FineTuneError, match=r"16 training pairs .* at least 100 are needed"):
        fine_tune(TOY, TOY, tmp_path, FineTuneConfig(), base=TextEncoder.tiny())
    assert not any(tmp_path.iterdir())
