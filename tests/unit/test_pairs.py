"""Pairs of (what a function does, the function) come from the code itself: the first sentence of
a docstring, or a descriptive name, with the function's source without its docstring. Held-out
pairs are whole repositories, or whole files, never one file on both sides."""

from __future__ import annotations

import textwrap
from contextlib import closing
from pathlib import Path

from codeintel.analysis.embeddings.pairs import Pair, first_sentence, python_pairs, repository_pairs, split_pairs
from codeintel.analysis.inputs import RepositoryInputs
from codeintel.config import load_settings
from codeintel.graph import open_graph_store
from codeintel.scan.engine import ScanEngine
from codeintel.store import open_metastore

STATS = textwrap.dedent(
    '''
    import functools


    class Stats:
        @functools.cache
        def mean(self, data):
            """Return the sample arithmetic mean of data.

            More text that the query leaves out.
            """

            return sum(data) / len(data)

        def spread(self, data):
            """Return the range of the data, e.g. max minus min. It is never negative."""
            return max(data) - min(data)
    '''
).lstrip()


def test_a_docstring_gives_its_first_sentence_and_the_body_keeps_decorators_and_signature_without_it() -> None:
    assert python_pairs("r", "stats.py", STATS) == [
        Pair(
            query="Return the sample arithmetic mean of data.",
            body="@functools.cache\ndef mean(self, data):\n    return sum(data) / len(data)",
            repo="r",
            path="stats.py",
            name="mean",
            line=5,
        ),
        Pair(
            query="Return the range of the data, e.g. max minus min.",
            body="def spread(self, data):\n    return max(data) - min(data)",
            repo="r",
            path="stats.py",
            name="spread",
            line=14,
        ),
    ]


def test_short_sentences_test_functions_trivial_bodies_and_inline_docstrings_give_no_pair() -> None:
    source = textwrap.dedent(
        '''
        def short(x):
            """Helper."""
            return x

        def test_mean_of_one_value():
            """The mean of one value is that value."""
            assert mean([3]) == 3

        def abstract(self):
            """Subclasses compute the answer here."""
            raise NotImplementedError("subclass")

        def placeholder():
            """Nothing is done here yet."""
            ...

        def inline(x): "Return x unchanged, as given."; return x
        '''
    )
    assert python_pairs("r", "m.py", source) == []


def test_a_first_sentence_is_one_line_of_the_first_paragraph_and_not_a_bare_signature() -> None:
    assert first_sentence("Read the whole\n    file at once\n\nThen more.") == "Read the whole file at once"
    assert first_sentence("Split on commas! Then strip.") == "Split on commas!"
    assert first_sentence("split(sep=None) -> list") is None
    assert first_sentence("Return it.") is None  # two words say too little


def test_a_scanned_repository_gives_docstring_pairs_and_name_pairs_in_any_language(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    (project / "stats.py").write_text(STATS)
    (project / "config.go").write_text(
        textwrap.dedent(
            """
            package config

            // ParseConfig reads the configuration file at path.
            func ParseConfig(path string) (Config, error) {
                data, err := os.ReadFile(path)
                return decode(data), err
            }

            func loadUserProfile(id int) Profile {
                row := db.Get(id)
                return Profile{Name: row.Name}
            }

            func decode(data []byte) Config {
                return Config{Raw: data}
            }
            """
        ).lstrip()
    )
    settings = load_settings(data_dir=tmp_path / "data", embeddings={"after_scan": False})
    summary = ScanEngine(settings).scan(str(project), use_ray=False)
    with (
        closing(open_metastore(settings)) as meta,
        closing(open_graph_store(settings.store.graph, settings.graph_path, read_only=True)) as store,
    ):
        inputs = RepositoryInputs(store, summary.repo_id, meta.file_states(summary.repo_id), project)
        pairs = repository_pairs(store, summary.repo_id, inputs.sources)
    assert {(p.path, p.name, p.query) for p in pairs} == {
        ("config.go", "ParseConfig", "ParseConfig reads the configuration file at path."),
        ("config.go", "loadUserProfile", "load user profile"),
        ("stats.py", "mean", "Return the sample arithmetic mean of data."),
        ("stats.py", "spread", "Return the range of the data, e.g. max minus min."),
    }  # `decode` is one word with no docstring: nothing to say about it
    [mean] = [p for p in pairs if p.name == "mean"]
    assert mean.body == python_pairs("r", "stats.py", STATS)[0].body


def _pairs(repo: str, files: dict[str, int]) -> list[Pair]:
    return [
        Pair(query=f"query {path} {i}", body=f"body {path} {i}", repo=repo, path=path, name="f", line=i)
        for path, count in files.items()
        for i in range(count)
    ]


def test_one_repository_is_split_by_file_never_with_a_file_on_both_sides() -> None:
    pairs = _pairs("r", {f"pkg/m{n}.py": 3 + n % 4 for n in range(40)})
    train, held = split_pairs(pairs, held_out=0.2)
    assert {p.path for p in train}.isdisjoint({p.path for p in held})
    assert len(train) + len(held) == len(pairs) and 0.15 * len(pairs) <= len(held) <= 0.4 * len(pairs)
    assert split_pairs(list(reversed(pairs)), held_out=0.2)[1] == list(reversed(held))  # order does not matter


def test_several_repositories_are_split_by_repository() -> None:
    pairs = _pairs("a", {"x.py": 30}) + _pairs("b", {"x.py": 5, "y.py": 5}) + _pairs("c", {"z.py": 40})
    train, held = split_pairs(pairs, held_out=0.2)
    assert {p.repo for p in train}.isdisjoint({p.repo for p in held}) and held and train
    assert len(held) <= 0.4 * len(pairs)  # no repository that would make the held-out side twice too big


def test_a_single_file_cannot_be_split() -> None:
    pairs = _pairs("r", {"only.py": 10})
    assert split_pairs(pairs) == (pairs, [])
