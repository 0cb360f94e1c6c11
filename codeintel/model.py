"""Records that cross boundaries: between ingest, extraction, resolution, stores and Ray.

They are pydantic models so that every boundary (a Ray batch, the metadata store, the
HTTP API later) validates the same shape. Extraction output is plain data: it carries no
tree-sitter objects, so it pickles cheaply and can be cached by content hash.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

EXTRACTOR_VERSION = "py-6"
"""Bumped whenever extraction output changes, so cached FileFacts are re-made."""


class Record(BaseModel):
    model_config = ConfigDict(frozen=False, extra="forbid")


class SkipReason(StrEnum):
    binary = "binary"
    oversized = "oversized"
    vendored = "vendored"
    generated = "generated"
    ignored = "ignored"
    unsupported_language = "unsupported_language"
    symlink_outside = "symlink_outside"
    unreadable = "unreadable"
    hostile_path = "hostile_path"


class FileRef(Record):
    """One file of a repository that will be parsed: where it is and what it holds."""

    path: str = Field(description="POSIX path relative to the repository root")
    language: str
    size: int
    content_hash: str = Field(description="sha256 of the bytes, hex")


class SkippedFile(Record):
    path: str
    reason: SkipReason
    detail: str = ""


# The records below come by the hundred thousand per scan (every call site, import and
# definition of a repository), so they are NamedTuples: building, pickling and loading them
# is 5-25x cheaper than pydantic models, and FileFacts, which holds them, still validates
# them when it is validated at a boundary.


class Span(NamedTuple):
    start_line: int  # 1-based
    start_col: int  # 0-based
    end_line: int
    end_col: int


class FunctionMetrics(NamedTuple):
    lines: int
    cyclomatic: int
    parameters: int
    max_nesting: int
    cognitive: int = 0
    """Cognitive complexity (G. Ann Campbell's, SonarSource 2017); codeintel.languages.cognitive
    says how each language is counted. Last and defaulted, so positional builders keep working."""


DefinitionKind = Literal["class", "function", "method", "lambda"]

TypeKind = Literal[
    "class", "struct", "union", "interface", "trait", "enum", "record", "annotation", "namespace", "module", "type"
]
"""What sort of type a kind-"class" definition is (its graph node is a Class either way):
`type` is any other named type (a Go `type Celsius float64`, a TS or C type alias that is
declared, not only named); `module` a Rust `mod m { ... }` written inline; `namespace` a C++
or TS namespace."""


class Definition(NamedTuple):
    """A class, function or lambda definition; methods are functions whose parent is a class.

    qualname is the dotted path inside the module ('C.m', 'f.inner'); parent is the qualname
    of the enclosing definition ('' at module level); bases are base expressions as written.
    """

    kind: DefinitionKind
    name: str
    qualname: str
    span: Span
    parent: str = ""
    signature: str = ""
    decorators: tuple[str, ...] = ()
    docstring: str | None = None
    bases: tuple[str, ...] = ()
    is_async: bool = False
    metrics: FunctionMetrics | None = None
    type_kind: TypeKind | None = None
    """For kind "class": what sort of type; None reads as "class"."""


class Import(NamedTuple):
    """One imported name. `import a.b as c` -> module='a.b', name=None, alias='c'.

    `from ..p import x as y` -> module='p', level=2, name='x', alias='y'.
    `from m import *` -> module='m', name='*'. scope: qualname of the enclosing definition.
    """

    module: str
    line: int
    name: str | None = None
    alias: str | None = None
    level: int = 0
    scope: str = ""

    @property
    def bound_name(self) -> str:
        """The name the import binds in its scope: `import a.b` binds `a`; `from m import x as y`, `y`."""
        return self.alias or self.name or self.module.split(".", 1)[0]


class CallSite(NamedTuple):
    """callee: the called expression as written ('self.save', 'os.path.join', 'super().__init__')."""

    callee: str
    line: int
    col: int
    scope: str = ""


class Assignment(NamedTuple):
    """A simple `name = <dotted expression or call>` binding, used to follow aliases and instances."""

    target: str
    value: str
    line: int
    is_call: bool = False
    scope: str = ""


class FileFacts(Record):
    """Everything extraction learns from one file; the unit that is cached by content hash."""

    path: str
    language: str
    content_hash: str
    extractor_version: str = EXTRACTOR_VERSION
    lines: int = 0
    size: int = 0
    module_docstring: str | None = None
    definitions: list[Definition] = Field(default_factory=list)
    imports: list[Import] = Field(default_factory=list)
    calls: list[CallSite] = Field(default_factory=list)
    assignments: list[Assignment] = Field(default_factory=list)
    all_names: list[str] | None = Field(None, description="literal __all__, when the module declares one")
    flows: list[tuple] = Field(
        default_factory=list, description="value-flow operations, see codeintel.languages.python.flow"
    )
    scopes: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = Field(
        default_factory=dict, description="per scope: names it binds, declares global, declares nonlocal"
    )
    syntax_errors: int = 0
    error: str | None = Field(None, description="why extraction failed outright (unreadable, undecodable)")


class EmbeddingSummary(Record):
    """What the embedding stage of one scan did."""

    model: str
    """The model version the vectors belong to."""
    symbols: int
    computed: int
    """Texts encoded by this scan."""
    reused: int
    """Texts whose vectors an earlier scan had made."""
    pooled: bool = False
    """True when the texts went to the pool of embedder actors."""
    index: str = ""
    """exact or hnsw: how the repository's index answers."""
    seconds: float = 0.0


class ScanSummary(Record):
    """What a scan did and found; printed by the CLI and returned by the API."""

    repo_id: str
    scan_id: int | None = None
    location: str
    commit: str | None = None
    mode: Literal["full", "incremental"]
    used_ray: bool = False
    files_by_language: dict[str, int] = Field(default_factory=dict)
    skipped_by_reason: dict[str, int] = Field(default_factory=dict)
    files_parsed: int = 0
    files_reused: int = 0
    files_deleted: int = 0
    files_reresolved: int = 0
    files_from_cache: int = Field(
        0, description="of files_parsed (new or changed), how many the facts cache held, so were not parsed again"
    )
    definitions: dict[str, int] = Field(
        default_factory=dict,
        description="by kind: class (and struct, interface, enum, ... as Class.kind says), function, method, nested",
    )
    nodes_by_label: dict[str, int] = Field(default_factory=dict)
    edges_by_type: dict[str, int] = Field(default_factory=dict)
    files_with_syntax_errors: int = 0
    syntax_errors: int = 0
    files_failed: list[str] = Field(default_factory=list, description="files whose extraction failed outright")
    resolution: dict[str, int] = Field(default_factory=dict)
    lines: int = 0
    seconds: dict[str, float] = Field(default_factory=dict)
    findings: dict[str, int] = Field(
        default_factory=dict,
        description="by kind, what the analyses after the scan found (codeintel findings lists them)",
    )
    analysis_errors: dict[str, str] = Field(
        default_factory=dict, description="analyses that failed after the scan, with why; the others' findings are kept"
    )
    embeddings: EmbeddingSummary | None = Field(
        None, description="what the embedding stage after the scan did; None when it did not run"
    )
