"""Semantic search through EngineService, the Python client (in-process and over HTTP) and the CLI.

Indices are built here as the embedding stage builds them (tests/semantic_helpers.py). With the
tiny random encoder a symbol's own text is its nearest query (cosine 1.0), which pins the merging,
filtering and reporting; the shipped model, end to end, finds the function that a plain-English
query describes in tests/fixtures/projects/shop.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from codeintel.analysis.embeddings.active import load_encoder
from codeintel.analysis.embeddings.encoder import TextEncoder
from codeintel.analysis.embeddings.index import SymbolIndex
from codeintel.analysis.embeddings.store import EmbeddingStore
from codeintel.cli import app as cli
from codeintel.client import Client
from codeintel.service import semantic_search as semantic
from codeintel.service.engine_service import EngineService
from codeintel.service.errors import InvalidRequest, NotFound
from codeintel.service.models import SemanticHit
from tests.semantic_helpers import build_index, repository_texts, scanned, settings_without_embedding

FIXTURES = Path(__file__).parents[1] / "fixtures" / "projects"


@pytest.fixture(scope="module")
def tiny() -> TextEncoder:
    return TextEncoder.tiny(seed=5)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, tiny: TextEncoder):
    """shop and tangle scanned; shop indexed exactly and tangle with HNSW (exact_below 10), by the
    tiny encoder; the service asks that encoder for queries."""
    root = tmp_path_factory.mktemp("semantic")
    for name in ("shop", "tangle"):
        shutil.copytree(FIXTURES / name, root / name)
    settings = settings_without_embedding(root / "data")
    shop_id, tangle_id = scanned(settings, root / "shop"), scanned(settings, root / "tangle")
    build_index(settings, shop_id, root / "shop", tiny)
    build_index(settings, tangle_id, root / "tangle", tiny, exact_below=10)
    with EngineService(settings, scan_in_background=False) as service:
        yield service, settings, shop_id, tangle_id, root


@pytest.fixture(autouse=True)
def tiny_queries(request, monkeypatch, tiny: TextEncoder) -> None:
    """Queries are encoded by the tiny encoder, except in the tests of the shipped model."""
    if "shipped" not in request.node.name:
        monkeypatch.setattr(semantic, "load_encoder", lambda _settings: tiny)


@pytest.fixture
def service(world) -> EngineService:
    return world[0]


def text_of(world, repo_id: str, qualname: str) -> str:
    _, settings, shop_id, _, root = world
    folder = root / ("shop" if repo_id == shop_id else "tangle")
    return next(t.text for t in repository_texts(settings, repo_id, folder) if t.symbol.qualname == qualname)


# ---------------------------------------------------------------- the service


def test_a_symbols_own_text_finds_it_first_and_hits_from_every_repository_merge_by_score(world, service) -> None:
    _, _, shop_id, tangle_id, _ = world
    result = service.semantic_search(text_of(world, shop_id, "shop.util.slug"), k=20)
    best = result.hits[0]
    assert (best.repo, best.qualname, best.path, best.start_line, best.end_line) == (
        shop_id,
        "shop.util.slug",
        "shop/util.py",
        7,
        8,
    )
    assert best.score == pytest.approx(1.0, abs=1e-3) and (best.kind, best.language, best.name) == (
        "function",
        "python",
        "slug",
    )
    assert best.snippet == "def slug(text):\n    return text.lower()"
    assert {hit.repo for hit in result.hits} == {shop_id, tangle_id}
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)
    assert len(result.hits) == 20 and result.searched == sorted(result.searched) and result.unsearched == []
    assert result.model == "tiny-random-32@seed5" and not result.query_truncated


def test_filters_keep_only_the_repositories_languages_and_kinds_asked_for(world, service) -> None:
    _, _, shop_id, tangle_id, _ = world
    query = text_of(world, shop_id, "shop.models.Product.to_json")
    only_tangle = service.semantic_search(query, k=50, repos=[tangle_id])
    assert only_tangle.searched == [tangle_id] and {h.repo for h in only_tangle.hits} == {tangle_id}
    classes = service.semantic_search(query, k=50, kinds=["class"])
    assert {h.kind for h in classes.hits} == {"class"} and "shop.models.Product" in {h.qualname for h in classes.hits}
    nested = service.semantic_search(query, k=5, repos=[shop_id], kinds=["nested"])
    assert [h.qualname for h in nested.hits] == ["shop.cli.main.inner"]  # the one nested function, wherever it ranks
    assert service.semantic_search(query, k=5, languages=["go"]).hits == []
    methods = service.semantic_search(query, k=3, languages=["Python"], kinds=["method", "method"])
    assert methods.hits[0].qualname == "shop.models.Product.to_json" and len(methods.hits) == 3


def test_a_repository_without_a_usable_index_is_named_with_the_reason(world, service, tmp_path: Path) -> None:
    _, settings, shop_id, tangle_id, root = world
    other = tmp_path / "other"
    shutil.copytree(FIXTURES / "shop", other)
    other_id = scanned(settings, other)  # scanned, never embedded
    store = EmbeddingStore(settings.embeddings_path)
    build_index(settings, other_id, other, TextEncoder.tiny(seed=6))  # embedded by another model only
    result = service.semantic_search("parse the order", repos=[shop_id, other_id])
    assert result.searched == [shop_id]
    [skipped] = result.unsearched
    assert (skipped.repo, skipped.reason) == (other_id, "other_model")
    assert "tiny-random-32@seed6" in skipped.message and "tiny-random-32@seed5" in skipped.message
    shutil.rmtree(store.index_dir(other_id, "tiny-random-32@seed6"))
    [skipped] = service.semantic_search("parse the order", repos=[other_id]).unsearched
    assert skipped.reason == "not_embedded"
    broken = store.index_dir(other_id, "tiny-random-32@seed5")
    broken.mkdir(parents=True)
    (broken / "manifest.json").write_text("{")
    [skipped] = service.semantic_search("parse the order", repos=[other_id]).unsearched
    assert skipped.reason == "unreadable" and "manifest.json is unreadable" in skipped.message
    shutil.rmtree(broken)


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"q": "  "}, InvalidRequest, "empty search query"),
        ({"q": "x" * 10_001}, InvalidRequest, "10001 characters; at most 10000"),
        ({"k": 0}, InvalidRequest, "k must be an integer from 1 to 100"),
        ({"k": 101}, InvalidRequest, "k must be an integer from 1 to 100"),
        ({"languages": ["cobol"]}, InvalidRequest, "unknown language 'cobol'; known: c, cpp, go, java, javascript"),
        (
            {"kinds": ["module"]},
            InvalidRequest,
            "unknown kind 'module'; known: class, function, lambda, method, nested",
        ),
        ({"repos": ["nope-00000000"]}, NotFound, "no repository 'nope-00000000'"),
    ],
    ids=["blank", "long", "k0", "k101", "language", "kind", "repo"],
)
def test_bad_requests_are_refused_saying_what_is_wrong(service, arguments, error, message) -> None:
    with pytest.raises(error, match=message):
        service.semantic_search(**{"q": "parse", **arguments})


def test_a_query_longer_than_the_model_reads_is_searched_and_said_to_be_cut(service) -> None:
    result = service.semantic_search("convert a product to JSON " * 60, k=1)
    assert result.query_truncated and len(result.hits) == 1


def test_a_query_caught_by_the_tokenizer_mid_switch_is_encoded_again(tiny: TextEncoder) -> None:
    """The embedding stage may be encoding with the same encoder in another thread."""
    calls: list[int] = []

    class Busy:
        version, dimension = tiny.version, tiny.dimension

        def encode(self, texts):
            calls.append(len(texts))
            if len(calls) == 1:
                raise RuntimeError("Already borrowed")
            return tiny.encode(texts)

    assert semantic._encode(Busy(), "parse the order").shape == (1, tiny.dimension) and calls == [1, 1]


def test_an_index_is_loaded_once_and_again_when_it_is_rebuilt(world, tiny: TextEncoder, monkeypatch) -> None:
    _, settings, shop_id, _, root = world
    folder = EmbeddingStore(settings.embeddings_path).index_dir(shop_id, tiny.version)
    cache = semantic.IndexCache()
    loads: list[Path] = []
    real_load = SymbolIndex.load
    monkeypatch.setattr(SymbolIndex, "load", classmethod(lambda cls, f: loads.append(f) or real_load(f)))
    first = cache.get(folder)
    assert cache.get(folder) is first and loads == [folder]
    rebuilt = build_index(settings, shop_id, root / "shop", tiny)
    assert cache.get(folder).build_id == rebuilt.build_id and len(loads) == 2


def test_a_snippet_is_never_read_from_outside_the_repository_folder(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo" / "a.py").write_text("    def f():\n        return 1\n")
    (tmp_path / "secret.py").write_text("PASSWORD = 'x'\n")
    (tmp_path / "repo" / "link.py").symlink_to(tmp_path / "secret.py")

    def hit(path: str, start: int = 1, end: int = 2) -> SemanticHit:
        return SemanticHit(
            repo="r",
            path=path,
            start_line=start,
            end_line=end,
            score=0.5,
            symbol_id="i",
            name="f",
            qualname="f",
            kind="function",
            language="python",
        )

    assert semantic.snippet(tmp_path / "repo", hit("a.py")) == "def f():\n    return 1"
    assert semantic.snippet(tmp_path / "repo", hit("../secret.py", end=1)) is None
    assert semantic.snippet(tmp_path / "repo", hit(str(tmp_path / "secret.py"), end=1)) is None
    assert semantic.snippet(tmp_path / "repo", hit("link.py", end=1)) is None
    assert semantic.snippet(tmp_path / "repo", hit("a.py", start=2, end=9)) is None  # the file changed since
    assert semantic.snippet(tmp_path / "repo", hit("gone.py")) is None


# ---------------------------------------------------------------- client and CLI


def test_the_in_process_client_searches_by_meaning(world) -> None:
    service, _, shop_id, _, _ = world
    with Client(service=service) as client:
        result = client.semantic_search(text_of(world, shop_id, "shop.util.join"), k=2, repos=[shop_id])
    assert [h.qualname for h in result.hits][:1] == ["shop.util.join"] and len(result.hits) == 2


@pytest.fixture
def api(world) -> Iterator[str]:
    """The HTTP API over the world's service, on a free port."""
    import uvicorn

    from serve.app import create_app
    from serve.backend import LocalBackend
    from serve.config import ApiConfig

    app = create_app(LocalBackend(world[0]), ApiConfig(admin_token="bootstrap-secret"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the API did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_over_http_the_client_gets_the_same_answer_and_errors(world, api: str) -> None:
    service, _, shop_id, tangle_id, _ = world
    query = text_of(world, shop_id, "shop.cli.helper")
    with Client(url=api, token="bootstrap-secret") as client:
        remote = client.semantic_search(query, k=4, repos=[shop_id, tangle_id], kinds=["function", "method"])
        assert remote == service.semantic_search(query, k=4, repos=[shop_id, tangle_id], kinds=["function", "method"])
        assert remote.hits[0].qualname == "shop.cli.helper"
        with pytest.raises(NotFound):
            client.semantic_search(query, repos=["nope-00000000"])
        with pytest.raises(InvalidRequest, match="kind"):
            client.semantic_search(query, kinds=["module"])


def test_the_cli_prints_location_score_kind_and_name_and_json_on_request(world, monkeypatch) -> None:
    _, settings, shop_id, _, _ = world
    data_dir = str(settings.data_dir)
    query = text_of(world, shop_id, "shop.models.Product.to_json")
    runner = CliRunner()
    shown = runner.invoke(cli, ["search", query, "--repo", shop_id, "-k", "2", "--data-dir", data_dir])
    assert shown.exit_code == 0, shown.output
    first = shown.stdout.splitlines()[1].split()
    assert first == ["shop/models.py:32-33", "1.000", "method", "shop.models.Product.to_json"]
    as_json = runner.invoke(cli, ["search", query, "--kind", "class", "--json", "--data-dir", data_dir])
    assert as_json.exit_code == 0 and '"kind": "class"' in as_json.stdout and '"kind": "method"' not in as_json.stdout
    refused = runner.invoke(cli, ["search", query, "--language", "cobol", "--data-dir", data_dir])
    assert refused.exit_code == 2 and "unknown language 'cobol'" in refused.stderr


# ---------------------------------------------------------------- the shipped model, end to end


def test_the_shipped_model_finds_the_function_a_plain_english_query_describes(tmp_path: Path, shop: Path) -> None:
    settings = settings_without_embedding(tmp_path / "data")
    shop_id = scanned(settings, shop)
    build_index(settings, shop_id, shop, load_encoder(settings))  # the encoder queries are encoded with
    with EngineService(settings, scan_in_background=False) as service:
        found = service.semantic_search("convert a product to JSON", k=3)
        assert found.hits[0].qualname == "shop.models.Product.to_json"
        assert (found.hits[0].path, found.hits[0].start_line, found.hits[0].end_line) == ("shop/models.py", 32, 33)
        assert found.hits[0].snippet == 'def to_json(self):\n    return json.dumps({"n": self.name})'
        assert service.semantic_search("make a URL slug from a title", k=1).hits[0].qualname == "shop.util.slug"
