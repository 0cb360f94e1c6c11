"""The Rust call graph against the hand-written ground truth of tests/rust_suite.

Every case folder is scanned as its own repository with the registered extractors and analyses
(tests/suites.py); its CALLS edges are compared with the case's expected.json, written from
Rust's semantics (see the suite's README). The figures are asserted for every language in
test_language_suites.py; this file holds what is particular to the language.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from codeintel.languages.rust import extract_rust
from codeintel.resolve.rust import RustAnalysis
from tests import suites
from tests.suites import TESTS, case_facts

SUITE = TESTS / "rust_suite"


def cases() -> list[Path]:
    return suites.cases("rust_suite")


def test_imports_counts_and_external_kinds_of_a_case():
    case = SUITE / "modules" / "files"
    facts = case_facts(case)
    analysis = RustAnalysis(facts, facts)
    analysis.solve()
    tcp = "src/net/tcp.rs"
    (util,) = facts[tcp].imports
    assert util.module == "super::super::util"
    assert analysis.import_targets(tcp, util) == [("m", "src/util.rs")]
    assert analysis.import_status(tcp, util) == "internal"
    net = "src/net/mod.rs"
    (conn,) = facts[net].imports
    assert analysis.import_targets(net, conn) == [("d", tcp, 0)]
    assert analysis.call_site_counts() == {"internal": 9, "unresolved": 2}  # `data.len()`, `message.len()`
    assert analysis.module_name(net) == "src.net.mod"
    assert RustAnalysis.external_kind("std::collections::HashMap::new") == "stdlib"
    assert RustAnalysis.external_kind("core::mem::drop") == "stdlib"
    assert RustAnalysis.external_kind("serde_json::from_str") == "third_party"
    analysis.release()


def test_external_imports_and_bases_of_a_type():
    case = SUITE / "impls" / "trait_in_other_module"
    facts = case_facts(case)
    analysis = RustAnalysis(facts, facts)
    analysis.solve()
    definitions = facts["main.rs"].definitions
    point = next(i for i, d in enumerate(definitions) if d.qualname == "types.Point")
    encode = next(i for i, d in enumerate(definitions) if d.qualname == "codec.Encode")
    assert analysis.bases_of("main.rs", point) == [("d", "main.rs", encode), ("e", "std::fmt::Display")]
    fmt = next(imp for imp in facts["main.rs"].imports if imp.module == "std::fmt")
    assert analysis.import_targets("main.rs", fmt) == [("e", "std::fmt")]
    assert analysis.import_status("main.rs", fmt) == "external"


def test_cycles_of_glob_reexports_and_imports_end_quickly_with_no_edge():
    modules = "\n".join(
        f"mod m{i} {{ pub use super::m{(i + 1) % 30}::*; pub use super::m{(i + 7) % 30}::*; pub fn f{i}() {{ g(); }} }}"
        for i in range(30)
    )
    source = modules + "\nuse self::a as b;\nuse self::b as a;\nfn main() { a(); b(); m0::f5(); m3::nothing(); }\n"
    facts = {"main.rs": extract_rust(source.encode(), "main.rs", "h")}
    analysis = RustAnalysis(facts, facts)
    analysis.solve()  # a glob cycle through 30 modules, and two imports naming each other
    targets = {edge.target for edge in analysis.calls_of("main.rs")}
    f5 = next(i for i, d in enumerate(facts["main.rs"].definitions) if d.qualname == "m5.f5")
    assert targets == {("d", "main.rs", f5)}


def test_path_attributes_name_files_relative_to_the_inline_module_directory():
    sources = {
        "src/lib.rs": 'mod gen {\n    #[path = "../helper.rs"]\n    mod helper;\n    pub fn f() { helper::h(); }\n}\n',
        "src/helper.rs": "pub fn h() {}\n",
    }
    facts = {path: extract_rust(text.encode(), path, path) for path, text in sources.items()}
    analysis = RustAnalysis(facts, facts)
    analysis.solve()
    assert [edge.target for edge in analysis.calls_of("src/lib.rs")] == [("d", "src/helper.rs", 0)]
    assert analysis.roots == ["src/lib.rs"]


def test_self_calls_stay_in_their_own_impl_block_of_a_generic_type():
    source = """struct W<T>(T);
impl W<u8> {
    fn size(&self) -> u8 { 1 }
    fn describe(&self) -> u8 { self.size() + Self::size(self) }
}
impl W<u16> {
    fn size(&self) -> u8 { 2 }
}
fn main() { W(1u8).size(); }
"""
    facts = {"main.rs": extract_rust(source.encode(), "main.rs", "h")}
    analysis = RustAnalysis(facts, facts)
    analysis.solve()
    first_size, describe, second_size = 1, 2, 3
    assert [d.qualname for d in facts["main.rs"].definitions[1:4]] == ["W.size", "W.describe", "W.size"]
    by_scope: dict[str, set] = {}
    for edge in analysis.calls_of("main.rs"):
        by_scope.setdefault(edge.scope, set()).add(edge.target[2])
    assert by_scope["W.describe"] == {first_size}  # not the other block's `size`
    assert by_scope["main"] == {first_size, second_size}  # generics are dropped: either may be meant
    assert describe not in by_scope["main"]


def _compile_command(case: Path, out: Path) -> list[str] | None:
    if (case / "Cargo.toml").exists():
        return None  # checked with cargo below
    root = next((case / name for name in ("main.rs", "src/main.rs", "src/lib.rs") if (case / name).exists()), None)
    if root is None:
        return None
    command = ["rustc", "--edition", "2021", "--emit=metadata", "-o", str(out / "out"), "--cap-lints", "allow"]
    if root.name == "lib.rs":
        command += ["--crate-type", "lib"]
    if "#[test]" in root.read_text():
        command.append("--test")
    for stub in sorted((SUITE / "_stubs").glob("*.rs")):
        if f"{stub.stem}::" in "".join(file.read_text() for file in case.rglob("*.rs")):
            rlib = out / f"lib{stub.stem}.rlib"
            if not rlib.exists():
                subprocess.run(
                    ["rustc", "--edition", "2021", "--crate-type", "lib", str(stub), "-o", str(rlib)], check=True
                )
            command += ["--extern", f"{stub.stem}={rlib}"]
    return [*command, str(root)]


@pytest.mark.skipif(shutil.which("rustc") is None, reason="rustc is not installed")
def test_every_case_is_a_valid_rust_program(tmp_path):
    """The suite holds only programs rustc accepts (crates named in `_stubs/` are stubbed)."""
    failures = []
    for case in cases():
        command = _compile_command(case, tmp_path)
        if command is None:
            if (case / "Cargo.toml").exists() and shutil.which("cargo"):
                copy = shutil.copytree(case, tmp_path / "cargo" / case.name)  # cargo writes Cargo.lock
                command = ["cargo", "check", "--offline", "-q", "--manifest-path", str(copy / "Cargo.toml")]
                env_target = {"CARGO_TARGET_DIR": str(tmp_path / "target")}
                done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **env_target})
                if done.returncode:
                    failures.append((case.name, done.stderr[-500:]))
            continue
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            failures.append((case.name, done.stderr[-500:]))
    assert failures == []


if __name__ == "__main__":  # pragma: no cover - a report: python -m tests.unit.test_rust_suite
    suites.report("rust_suite")
