"""go.mod and tsconfig.json are scanned as manifests: their facts steer how imports resolve."""

from __future__ import annotations

import pytest

from codeintel.ingest.language import language_by_name
from codeintel.languages import EXTRACTORS, extract
from codeintel.languages.manifests import extract_gomod, extract_tsconfig, strip_jsonc
from codeintel.languages.python import extract_python
from codeintel.resolve.build import GraphBuilder
from codeintel.resolve.tsconfig import TsconfigPaths


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("go.mod", "gomod"),
        ("tools/go.mod", "gomod"),
        ("tsconfig.json", "tsconfig"),
        ("web/jsconfig.json", "tsconfig"),
        ("tsconfig.build.json", "tsconfig"),
        ("configs/tsconfig.base.json", "tsconfig"),
        ("package.json", None),
        ("go.sum", None),
        ("mytsconfig.json", None),
    ],
)
def test_manifests_are_known_by_their_whole_name(path, language):
    assert language_by_name(path) == language


def test_manifests_have_registered_extractors():
    assert {"gomod", "tsconfig"} <= set(EXTRACTORS)
    assert extract("gomod", b"module a.b/c\n", "go.mod", "h").flows == [("go_module", "a.b/c")]


def test_go_mod_gives_its_module_path_however_it_is_written():
    text = b"// the app\nmodule   example.com/app // trailing comment\n\ngo 1.22\n\nrequire (\n\tx.y/z v1\n)\n"
    facts = extract_gomod(text, "go.mod", "h")
    assert (facts.language, facts.flows, facts.lines, facts.error) == (
        "gomod",
        [("go_module", "example.com/app")],
        8,
        None,
    )
    assert extract_gomod(b'module "example.com/quoted"\n', "go.mod", "h").flows == [("go_module", "example.com/quoted")]


def test_a_go_mod_without_a_module_directive_or_not_utf8_is_reported_not_raised():
    for text in (b"go 1.22\n", b"\xff\xfe\x00garbage"):
        facts = extract_gomod(text, "go.mod", "h")
        assert facts.flows == [] and facts.error and facts.syntax_errors == 1


def test_jsonc_comments_and_trailing_commas_are_stripped_but_strings_are_kept():
    text = '{"a": "http://x//y", /* c */ "b": ["/*", "*/",], // end\n "c": "\\"//",}'
    assert strip_jsonc(text) == '{"a": "http://x//y",  "b": ["/*", "*/"], \n "c": "\\"//"}'


def test_tsconfig_gives_base_url_paths_and_extends_as_written():
    text = b'{"extends": "./base", "compilerOptions": {"baseUrl": "src", "paths": {"@a/*": ["a/*", "b/*"]}}}'
    facts = extract_tsconfig(text, "tsconfig.json", "h")
    assert facts.flows == [("tsconfig", "src", (("@a/*", ("a/*", "b/*")),), "./base")]


def test_a_broken_tsconfig_is_reported_not_raised():
    for text in (b'{"compilerOptions": ', b"[1, 2]", b"\xff\xfe"):
        facts = extract_tsconfig(text, "tsconfig.json", "h")
        assert facts.flows == [] and facts.error and facts.syntax_errors == 1


def tsconfigs(**configs: bytes) -> TsconfigPaths:
    return TsconfigPaths({path: extract_tsconfig(text, path, "h") for path, text in configs.items()})


def test_paths_prefer_an_exact_pattern_then_the_longest_prefix_then_base_url():
    paths = tsconfigs(
        **{
            "tsconfig.json": b'{"compilerOptions": {"baseUrl": ".", "paths": {'
            b'"@x": ["lib/x/main"], "@x/*": ["lib/x/*"], "@x/deep/*": ["deep/*"], "*": ["types/*"]}}}'
        }
    )
    assert paths.bases("src/a.ts", "@x") == ["lib/x/main", "@x"]
    assert paths.bases("src/a.ts", "@x/deep/y") == ["deep/y", "@x/deep/y"]
    assert paths.bases("src/a.ts", "@x/y") == ["lib/x/y", "@x/y"]
    assert paths.bases("src/a.ts", "react") == ["types/react", "react"]


def test_the_nearest_config_governs_and_extends_passes_on_what_it_does_not_set():
    paths = tsconfigs(
        **{
            "tsconfig.json": b'{"compilerOptions": {"baseUrl": "src"}}',
            "configs/base.json": b'{"compilerOptions": {"paths": {"~/*": ["../shared/*"]}}}',
            "web/tsconfig.json": b'{"extends": "../configs/base.json", "compilerOptions": {"baseUrl": "app"}}',
        }
    )
    assert paths.bases("lib/a.ts", "util") == ["src/util"]
    # paths come from configs/base.json, but their targets are relative to web's own baseUrl
    assert paths.bases("web/app/page.ts", "~/dates") == ["web/shared/dates", "web/app/~/dates"]


def test_paths_without_base_url_are_relative_to_the_config_that_declares_them():
    paths = tsconfigs(**{"pkg/tsconfig.json": b'{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}'})
    assert paths.bases("pkg/src/a.ts", "@/b") == ["pkg/src/b"]
    assert paths.bases("elsewhere/a.ts", "@/b") == []  # no config governs it


def test_targets_that_climb_out_of_the_repository_are_dropped_and_extends_cycles_end():
    paths = tsconfigs(
        **{
            "tsconfig.json": b'{"extends": "./tsconfig.json", "compilerOptions": {"paths": {"x": ["../../etc/x"]}}}',
        }
    )
    assert paths.bases("a.ts", "x") == []


def test_a_manifest_is_a_file_node_without_a_module():
    facts = {
        "go.mod": extract_gomod(b"module a/b\n", "go.mod", "h1"),
        "main.py": extract_python(b"x = 1\n", "main.py", "h2"),
    }
    builder = GraphBuilder("r", facts)
    batch = builder.build(node_files=facts, edge_files=facts).batch
    builder.close()
    assert sorted(row["path"] for row in batch.nodes["File"]) == ["go.mod", "main.py"]
    assert [row["file"] for row in batch.nodes["Module"]] == ["main.py"]
    contains = sorted((e.src_label, e.dst_label, e.file) for e in batch.edges if e.type == "CONTAINS")
    assert contains == [
        ("File", "Module", "main.py"),
        ("Repository", "File", "go.mod"),
        ("Repository", "File", "main.py"),
    ]
