"""Where a program starts: the entry points that dead-code analysis treats as live roots.

Two kinds of knowledge live here. What a repository declares, read without running anything:
console scripts and entry points from `pyproject.toml` (PEP 621 `[project.scripts]`,
`[project.gui-scripts]`, `[project.entry-points.<group>]`, Poetry's `[tool.poetry.scripts]` and
`[tool.poetry.plugins.<group>]`), `setup.cfg` (`[options.entry_points]`) and `setup.py` (the
`entry_points=` argument of a `setup(...)` call, read with `ast`), and Python's `__all__` lists.
And the rules that make a definition a root by its place and shape, per language (`root_reason`):
tests by each language's conventions, `main` functions, Go `init`, configurable decorators (route
handlers, fixtures, commands, tasks, signal receivers...), configured names, and with
`public_api` a library's exported names.

`DeadCodeConfig` holds every option, with defaults that suit most repositories:

    DeadCodeConfig(root_decorators=[..., "app.route", "*.get", "pytest.fixture", ...],
                   extra_root_decorators=[], root_names=[], root_bases=["models.Model", ...],
                   test_paths=[...], public_api=False, external_overrides=True, min_confidence="low")
"""

from __future__ import annotations

import ast
import configparser
import functools
import re
import sysconfig
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Confidence = Literal["low", "medium", "high"]
CONFIDENCE_RANK: dict[str, int] = {"low": 0, "medium": 1, "high": 2}

DEFAULT_ROOT_DECORATORS: tuple[str, ...] = (
    # web routes: Flask, FastAPI, Starlette, Quart, Sanic, aiohttp, Bottle, Django Ninja
    "*.route",
    "*.api_route",
    "*.get",
    "*.post",
    "*.put",
    "*.patch",
    "*.delete",
    "*.head",
    "*.options",
    "*.trace",
    "*.websocket",
    "*.websocket_route",
    "*.middleware",
    "*.exception_handler",
    "*.errorhandler",
    "*.on_event",
    "*.before_request",
    "*.after_request",
    "*.before_app_request",
    "*.teardown_request",
    "*.teardown_appcontext",
    "*.context_processor",
    "*.url_value_preprocessor",
    "*.template_filter",
    "*.template_global",
    "*.template_test",
    "*.app_template_filter",
    # command lines: click, typer, Flask CLI
    "click.command",
    "click.group",
    "*.command",
    "*.group",
    "*.callback",
    "*.result_callback",
    # tests and plugins: pytest, pluggy
    "pytest.fixture",
    "fixture",
    "*.fixture",
    "pytest.hookimpl",
    "hookimpl",
    "*.hookimpl",
    # tasks and events: Celery, Django signals, SQLAlchemy events, atexit
    "shared_task",
    "*.task",
    "*.periodic_task",
    "receiver",
    "*.receiver",
    "*.listens_for",
    "listens_for",
    "*.connect",
    "atexit.register",
    # registries: Django admin and template tags, singledispatch, plugin registries
    "*.register",
    "admin.register",
    "*.filter",
    "*.simple_tag",
    "*.inclusion_tag",
    "*.tag",
    "*.action",
    # validators: pydantic, attrs, SQLAlchemy
    "validator",
    "root_validator",
    "field_validator",
    "model_validator",
    "field_serializer",
    "model_serializer",
    "computed_field",
    "*.validator",
    "validates",
    "*.validates",
    # Java and TypeScript frameworks (annotations, decorators): Spring, Jakarta, NestJS, Angular
    "*Mapping",
    "RestController",
    "Controller",
    "Service",
    "Component",
    "Repository",
    "Configuration",
    "Injectable",
    "Directive",
    "Pipe",
    "NgModule",
    "HostListener",
    "Get",
    "Post",
    "Put",
    "Patch",
    "Delete",
    "Bean",
    "Scheduled",
    "EventListener",
    "PostConstruct",
    "PreDestroy",
    "Provides",
    "Subscribe",
    "JsonCreator",
    "JsonProperty",
)
"""Decorators (Python) and annotations (Java) whose definitions a framework calls: glob patterns
matched against the decorator as written, without `@` and arguments (`app.route("/")` is
`app.route`)."""

DEFAULT_ROOT_BASES: tuple[str, ...] = (
    "*django.db.models.Model",
    "*django.db.models.base.Model",
    "models.Model",
    "*django.apps.AppConfig",
    "*django.apps.config.AppConfig",
    "AppConfig",
    "*django.db.migrations.Migration",
    "*django.db.migrations.migration.Migration",
    "migrations.Migration",
    "*django.core.management.base.BaseCommand",
    "BaseCommand",
    "*sqlalchemy.orm.DeclarativeBase",
    "DeclarativeBase",
)
"""Base classes whose framework finds their subclasses by itself (a metaclass registry, discovery
by module path): glob patterns on the base's qualified name, in the repository or outside it. A
class that inherits from one, however indirectly, is an entry point."""

TRANSPARENT_DECORATORS: tuple[str, ...] = (
    "property",
    "*.setter",
    "*.getter",
    "*.deleter",
    "staticmethod",
    "classmethod",
    "abstractmethod",
    "abc.*",
    "functools.*",
    "wraps",
    "lru_cache",
    "cache",
    "cached_property",
    "total_ordering",
    "singledispatch",
    "singledispatchmethod",
    "contextmanager",
    "asynccontextmanager",
    "contextlib.*",
    "dataclass",
    "dataclasses.*",
    "typing.*",
    "overload",
    "override",
    "final",
    "runtime_checkable",
    "unique",
    "enum.*",
    "deprecated",
    "*.deprecated",
    "Override",
    "Deprecated",
    "SuppressWarnings",
    "SafeVarargs",
    "FunctionalInterface",
    "Nullable",
    "Nonnull",
    "inline",
    "must_use",
    "allow",
    "deny",
    "warn",
    "derive",
    "doc",
    "cfg",
    "cfg_attr",
)
"""Decorators that change how a definition behaves but never hand it to anyone: a definition
they decorate is live or dead by its references alone. Any other decorator might register what
it decorates, so a definition it decorates that looks dead is reported with low confidence."""

DEFAULT_TEST_PATHS: tuple[str, ...] = (
    "test_*.py",
    "*_test.py",
    "tests.py",
    "conftest.py",
    "*/tests/*",
    "*/test/*",
    "tests/*",
    "test/*",
    "testing/*",
    "*/testing/*",
    "*_test.go",
    "*.test.*",
    "*.spec.*",
    "*/__tests__/*",
    "__tests__/*",
    "*/src/test/*",
    "*Test.java",
    "*Tests.java",
    "*/benches/*",
)
"""Files whose test definitions are roots: glob patterns on the repository-relative path."""

JUNIT_ANNOTATIONS = frozenset(
    {
        "Test",
        "ParameterizedTest",
        "RepeatedTest",
        "TestFactory",
        "TestTemplate",
        "BeforeEach",
        "AfterEach",
        "BeforeAll",
        "AfterAll",
        "Before",
        "After",
        "BeforeClass",
        "AfterClass",
        "BeforeMethod",
        "AfterMethod",
        "DataProvider",
    }
)
RUST_TEST_ATTRIBUTES = frozenset(
    {"test", "bench", "tokio::test", "async_std::test", "rstest", "test_case", "quickcheck"}
)
PYTHON_TEST_HOOKS = frozenset(
    {
        "setUpModule",
        "tearDownModule",
        "setup_module",
        "teardown_module",
        "setup_function",
        "teardown_function",
        "setup",
        "teardown",
        "setup_method",
        "teardown_method",
        "setup_class",
        "teardown_class",
        "load_tests",
    }
)
GO_TEST_PREFIXES = ("Test", "Benchmark", "Example", "Fuzz")


class DeadCodeConfig(BaseModel):
    """Options of the dead-code analysis; every list holds glob patterns (fnmatch, case-sensitive)."""

    model_config = ConfigDict(extra="forbid")

    root_decorators: list[str] = Field(
        default_factory=lambda: list(DEFAULT_ROOT_DECORATORS),
        description="decorators (annotations) that make what they decorate an entry point, matched "
        "against the decorator's name as written without arguments: `app.route`, `*.get`, `pytest.fixture`",
    )
    extra_root_decorators: list[str] = Field(
        default_factory=list, description="more such patterns, added to root_decorators"
    )
    root_names: list[str] = Field(
        default_factory=list, description="qualified names (patterns) that are always entry points"
    )
    root_bases: list[str] = Field(
        default_factory=lambda: list(DEFAULT_ROOT_BASES),
        description="base classes (qualified-name patterns) whose subclasses a framework finds by itself: "
        "Django models, app configs, migrations and commands, SQLAlchemy declarative models",
    )
    test_paths: list[str] = Field(
        default_factory=lambda: list(DEFAULT_TEST_PATHS),
        description="paths of test files; their tests, fixtures and hooks are entry points",
    )
    public_api: bool = Field(
        False,
        description="the repository is a library: its public names are entry points (Python names "
        "without a leading underscore outside tests, Go exported names, Java public and protected, "
        "Rust pub, JavaScript and TypeScript exports, C and C++ non-static functions)",
    )
    external_overrides: bool = Field(
        True,
        description="a public method of a class that inherits from a class outside the repository "
        "may override one of its methods (a framework hook): it is live whenever its class is",
    )
    min_confidence: Confidence = Field("low", description="report only findings at least this sure")

    def decorator_patterns(self) -> list[str]:
        return [*self.root_decorators, *self.extra_root_decorators]


# ---------------------------------------------------------------- declared entry points


@dataclass(frozen=True, slots=True)
class EntryPoint:
    """One declared entry point: `inventory = "inventory.cli:main"` in `[project.scripts]`."""

    group: str
    name: str
    target: str
    """As written: `module:attr.attr`, possibly with `[extras]`."""
    source: str
    """The repository-relative file that declares it."""

    @property
    def qualname(self) -> str:
        """The dotted name of what it points at: `inventory.cli.main`."""
        target = re.sub(r"\[.*?\]", "", self.target).strip()
        module, _, attr = target.partition(":")
        return f"{module.strip()}.{attr.strip()}" if attr.strip() else module.strip()

    @property
    def folder(self) -> str:
        """The folder of the declaring file ('' at the repository root)."""
        parent = PurePosixPath(self.source).parent.as_posix()
        return "" if parent == "." else parent


PACKAGING_FILES = ("pyproject.toml", "setup.cfg", "setup.py")


def read_entry_points(root: Path, folders: Iterable[str] = ("",)) -> list[EntryPoint]:
    """Entry points declared in the packaging files of `root` and of each of `folders` (relative).

    Nothing is executed: TOML and INI are parsed, `setup.py` is read with `ast`. A file that cannot
    be read or parsed declares nothing."""
    found: list[EntryPoint] = []
    for folder in sorted(set(folders) | {""}):
        base = root / folder if folder else root
        for name in PACKAGING_FILES:
            path = base / name
            if not path.is_file():
                continue
            source = f"{folder}/{name}" if folder else name
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            reader = {"pyproject.toml": _from_pyproject, "setup.cfg": _from_setup_cfg, "setup.py": _from_setup_py}
            found.extend(EntryPoint(group, key, target, source) for group, key, target in reader[name](text))
    return sorted(set(found), key=lambda e: (e.source, e.group, e.name, e.target))


def _from_pyproject(text: str) -> list[tuple[str, str, str]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    out: list[tuple[str, str, str]] = []
    project = data.get("project", {})
    if isinstance(project, dict):
        out += _table("console_scripts", project.get("scripts"))
        out += _table("gui_scripts", project.get("gui-scripts"))
        groups = project.get("entry-points", {})
        if isinstance(groups, dict):
            for group, table in groups.items():
                out += _table(str(group), table)
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    if isinstance(poetry, dict):
        out += _table("console_scripts", poetry.get("scripts"))
        plugins = poetry.get("plugins", {})
        if isinstance(plugins, dict):
            for group, table in plugins.items():
                out += _table(str(group), table)
    return out


def _table(group: str, table: object) -> list[tuple[str, str, str]]:
    if not isinstance(table, dict):
        return []
    out = []
    for key, value in table.items():
        if isinstance(value, dict):  # Poetry's {reference = "...", type = "console"} and {callable = "..."}
            value = value.get("callable") or value.get("reference")
        if isinstance(value, str) and value.strip():
            out.append((group, str(key), value.strip()))
    return out


def _from_ini(text: str) -> list[tuple[str, str, str]]:
    """`[group]` sections of `name = module:attr` lines (the entry_points.txt format)."""
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    return [(section, key, value.strip()) for section in parser.sections() for key, value in parser[section].items()]


def _from_setup_cfg(text: str) -> list[tuple[str, str, str]]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    if not parser.has_section("options.entry_points"):
        return []
    out = []
    for group, value in parser["options.entry_points"].items():
        out += _lines(group, value)
    return out


def _lines(group: str, value: str) -> list[tuple[str, str, str]]:
    """`name = module:attr` per line, as setup.cfg and setup.py's list items write them."""
    out = []
    for line in value.splitlines():
        key, sep, target = line.partition("=")
        if sep and key.strip() and target.strip():
            out.append((group, key.strip(), target.strip()))
    return out


def _from_setup_py(text: str) -> list[tuple[str, str, str]]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    assigned: dict[str, ast.expr] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned[target.id] = node.value
    out: list[tuple[str, str, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name != "setup":
            continue
        for keyword in node.keywords:
            if keyword.arg != "entry_points":
                continue
            value = keyword.value
            if isinstance(value, ast.Name):
                value = assigned.get(value.id, value)
            out += _from_setup_value(value, assigned)
    return out


def _from_setup_value(value: ast.expr, assigned: dict[str, ast.expr]) -> list[tuple[str, str, str]]:
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return _from_ini(value.value)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict":
        pairs = [(ast.Constant(k.arg), k.value) for k in value.keywords if k.arg]
    elif isinstance(value, ast.Dict):
        pairs = [(k, v) for k, v in zip(value.keys, value.values, strict=True) if k is not None]
    else:
        return []
    out = []
    for key, item in pairs:
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            continue
        if isinstance(item, ast.Name):
            item = assigned.get(item.id, item)
        entries = item.elts if isinstance(item, ast.List | ast.Tuple) else [item]
        for entry in entries:
            if isinstance(entry, ast.Constant) and isinstance(entry.value, str):
                out += _lines(key.value, entry.value)
    return out


# ---------------------------------------------------------------- __all__

_ALL_RE = re.compile(r"^[ \t]*__all__\s*(?:\+?=|\.extend\s*\(|\.append\s*\()", re.MULTILINE)
_STRING_RE = re.compile(r"""(?:"([^"\\\n]*)"|'([^'\\\n]*)')""")
_CLOSERS = {"(": ")", "[": "]", "{": "}"}


def all_exports(text: str) -> set[str]:
    """The names a Python module's literal `__all__` lists, however it is built up: `__all__ = [...]`,
    `+= (...)`, `.extend([...])`, `.append("x")`. Names computed at run time are not seen."""
    names: set[str] = set()
    for match in _ALL_RE.finditer(text):
        names.update(_strings_of_expression(text, match.end()))
    return names


def _strings_of_expression(text: str, start: int) -> list[str]:
    """String literals from `start` to the end of the expression there: the bracket it opens, or the line."""
    i = start
    while i < len(text) and text[i] in " \t\\\n(":
        if text[i] == "(":
            break
        i += 1
    if i < len(text) and text[i] in _CLOSERS:
        depth, j = 0, i
        while j < len(text):
            ch = text[j]
            if ch in _CLOSERS:
                depth += 1
            elif ch in _CLOSERS.values():
                depth -= 1
                if depth == 0:
                    break
            elif ch in "\"'":
                end = text.find(ch, j + 1)
                j = end if end != -1 else len(text)
            j += 1
        chunk = text[i : j + 1]
    else:
        end = text.find("\n", start)
        chunk = text[start : end if end != -1 else len(text)]
    return [a or b for a, b in _STRING_RE.findall(chunk)]


# ---------------------------------------------------------------- roots by rule


@dataclass(frozen=True, slots=True)
class DefinitionShape:
    """What the root rules look at in one definition."""

    name: str
    qualname: str
    label: str
    """'Class' or 'Function'."""
    kind: str
    """The node's kind: function, method, nested, lambda, class, struct, interface, module..."""
    language: str
    path: str
    decorators: tuple[str, ...]
    signature: str
    parent_label: str
    """'Module', 'Class' or 'Function': what directly encloses it."""
    parent_name: str
    """The enclosing class's or function's name ('' at module level)."""
    line: str
    """The source line that names it (where `export`, `pub` or `public` would be), '' if unknown."""
    parent_kind: str = ""
    """The enclosing class's kind (class, interface, struct, trait...), '' when not in a class."""


def decorator_name(decorator: str) -> str:
    """`@app.route("/x", methods=["GET"])` -> `app.route`; `Override` stays `Override`."""
    text = decorator.strip().lstrip("@").strip()
    cut = min((i for i in (text.find("("), text.find("[")) if i != -1), default=len(text))
    return text[:cut].strip()


def matches(name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatchcase(name, pattern) for pattern in patterns)


def is_test_path(path: str, patterns: Iterable[str]) -> bool:
    """Whether the repository-relative `path` is a test file: its name or its path matches."""
    name = PurePosixPath(path).name
    return any(fnmatchcase(name, pattern) or fnmatchcase(path, pattern) for pattern in patterns)


def is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def is_anonymous(name: str) -> bool:
    """Lambdas, arrow functions and closures the graph names `<lambda1>`: they live with their parent."""
    return not name or name.startswith("<")


def root_reason(shape: DefinitionShape, config: DeadCodeConfig, *, test_file: bool) -> str | None:
    """Why this definition is an entry point by itself (live whatever references it), or None.

    Dunder methods, constructors and overrides are not decided here: they are live when their
    class is (see codeintel.analysis.dead_code)."""
    if config.root_names and matches(shape.qualname, config.root_names):
        return "a configured root name"
    for decorator in shape.decorators:
        name = decorator_name(decorator)
        if name and matches(name, config.decorator_patterns()):
            return f"decorated @{name}, an entry-point decorator"
    if test_file:
        reason = _test_reason(shape)
        if reason:
            return reason
    reason = _main_reason(shape)
    if reason:
        return reason
    if shape.language == "python" and shape.parent_label == "Module" and is_dunder(shape.name):
        return "a module-level dunder (`__getattr__`, `__dir__`...) that Python calls"
    if config.public_api and not test_file and shape.parent_label != "Class" and is_public(shape):
        return "part of the public API (public_api is on)"
    return None


def member_reason(shape: DefinitionShape, config: DeadCodeConfig, *, test_file: bool) -> str | None:
    """Why this definition is live whenever what encloses it is (its class, or for an anonymous
    function its parent), or None: Python calls dunder methods, `new` calls constructors, a
    framework calls an `@Override`, a library's users call its public classes' public methods."""
    name = shape.name
    if is_anonymous(name):
        return "an anonymous function, which lives with the code that holds it"
    if shape.parent_label != "Class":
        return None
    if is_dunder(name):
        return "a dunder method, which Python calls"
    if name in (shape.parent_name, f"~{shape.parent_name}", "constructor") and shape.language != "python":
        return "a constructor or destructor"
    if any(decorator_name(d) == "Override" for d in shape.decorators):
        return "annotated @Override: it overrides a method its class inherits"
    if config.public_api and not test_file and is_public(shape):
        return "a public method of the public API (public_api is on)"
    return None


def _test_reason(shape: DefinitionShape) -> str | None:
    language, name = shape.language, shape.name
    if language == "python":
        if PurePosixPath(shape.path).name == "conftest.py" and shape.parent_label == "Module":
            return "defined at module level in conftest.py (pytest hooks and fixtures)"
        if shape.label == "Class" and "Test" in name:
            return "a test class"
        if shape.label == "Function" and (name.startswith("test") or name.startswith("pytest_")):
            return "a test function or pytest hook"
        if shape.label == "Function" and name in PYTHON_TEST_HOOKS:
            return "a test set-up or tear-down hook"
    go_test = name == "TestMain" or name.startswith(GO_TEST_PREFIXES)
    if language == "go" and shape.parent_label == "Module" and go_test:
        return "a Go test, benchmark, example or fuzz target"
    if language == "java" and any(decorator_name(d) in JUNIT_ANNOTATIONS for d in shape.decorators):
        return "a JUnit test or lifecycle method"
    return None


def _main_reason(shape: DefinitionShape) -> str | None:
    language, name = shape.language, shape.name
    if language == "go" and shape.parent_label == "Module" and name in ("main", "init"):
        return f"the Go `{name}` function, which the runtime calls"
    if language in ("c", "cpp") and shape.parent_label in ("Module", "Class") and name in ("main", "wmain", "WinMain"):
        return "the program's `main`"
    if language == "rust" and name == "main" and shape.parent_label == "Module":
        return "the program's `main`"
    if language == "rust" and any(_rust_test_attribute(decorator_name(d)) for d in shape.decorators):
        return "a Rust #[test] or #[bench] function"
    if (
        language == "rust"
        and shape.label == "Function"
        and any(decorator_name(d).endswith("::main") for d in shape.decorators)
    ):
        return "an async runtime's `main` (#[tokio::main])"
    if language in ("c", "cpp") and shape.label == "Class" and re.match(r"\s*typedef\b", shape.line):
        return "declared in a typedef, whose name the code uses instead"
    if language == "rust" and shape.label == "Class" and "cfg(test)" in {d.replace(" ", "") for d in shape.decorators}:
        return "a #[cfg(test)] module"
    if language == "java" and name == "main" and "static" in shape.signature.split("(")[0].split():
        return "the program's `public static void main`"
    if shape.label == "Class" and shape.kind in ("namespace", "module"):
        return f"a {shape.kind}, which only groups definitions"
    return None


def _rust_test_attribute(name: str) -> bool:
    """`#[test]`, `#[tokio::test]`, `#[bench]`, and crates' own test macros (`#[maybe_tokio_test]`)."""
    last = name.rsplit("::", 1)[-1]
    return name in RUST_TEST_ATTRIBUTES or "test" in last or last == "bench"


def is_public(shape: DefinitionShape) -> bool:
    """Whether a library's users may call it, by each language's convention."""
    language, name = shape.language, shape.name
    if language == "python":
        parts = shape.qualname.split(".")
        return not any(part.startswith("_") and not is_dunder(part) for part in parts)
    if language == "go":
        return name[:1].isupper() and (shape.parent_label == "Module" or shape.parent_name[:1].isupper())
    if language == "java":
        if shape.parent_kind in ("interface", "annotation"):
            return True  # an interface's members are public
        words = (shape.signature.split("(")[0] if shape.label == "Function" else shape.line).split()
        return "public" in words or "protected" in words
    if language == "rust":
        return bool(re.match(r"\s*pub\b", shape.signature or shape.line)) or bool(re.match(r"\s*pub\b", shape.line))
    if language in ("javascript", "typescript"):
        return bool(re.match(r"\s*export\b", shape.line)) or (
            shape.parent_label == "Class" and not name.startswith("#") and not name.startswith("_")
        )
    if language in ("c", "cpp"):
        return not re.match(r"\s*static\b", shape.line) and not name.startswith("_")
    return not name.startswith("_")


# ---------------------------------------------------------------- what outside bases call


@dataclass(frozen=True, slots=True)
class BaseHooks:
    """What a class from outside the repository may call on its subclasses: the names its body binds
    (methods and attributes), and the prefixes its code completes at run time (`'visit_' + kind`)."""

    names: frozenset[str]
    prefixes: tuple[str, ...]

    def calls(self, name: str) -> bool:
        return name in self.names or name.startswith(self.prefixes)


def stdlib_base_hooks(dotted: str) -> BaseHooks | None:
    """The hooks of a standard-library class (`json.JSONEncoder`, `ast.NodeVisitor`), read from this
    Python's standard-library sources with `ast` (nothing is imported), its bases followed; None when
    its source is not found (a class written in C)."""
    return _stdlib_hooks(dotted, 0)


@functools.cache
def _stdlib_hooks(dotted: str, depth: int) -> BaseHooks | None:
    if depth > 6 or "." not in dotted:
        return None
    module, _, cls = dotted.rpartition(".")
    tree = _stdlib_module(module)
    if tree is None:
        return None
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == cls:
            return _class_hooks(node, module, tree, depth)
    for node in tree.body:  # re-exported: `from .case import TestCase`, `from _json import ...`
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if (alias.asname or alias.name) == cls:
                    source = _absolute_module(module, node.module or "", node.level, tree)
                    return _stdlib_hooks(f"{source}.{alias.name}", depth + 1)
    return None


def _class_hooks(node: ast.ClassDef, module: str, tree: ast.Module, depth: int) -> BaseHooks:
    names: set[str] = set()
    prefixes: set[str] = set()
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(item.name)
        elif isinstance(item, ast.Assign):
            names.update(t.id for t in item.targets if isinstance(t, ast.Name))
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            names.add(item.target.id)
    for sub in ast.walk(node):
        if isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.Add | ast.Mod):
            left = sub.left
            if isinstance(left, ast.Constant) and isinstance(left.value, str):
                prefix = left.value.split("%")[0]
                if re.fullmatch(r"[A-Za-z_]\w*", prefix or "-"):
                    prefixes.add(prefix)
        elif isinstance(sub, ast.JoinedStr) and sub.values:
            first = sub.values[0]
            text = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else "-"
            if re.fullmatch(r"[A-Za-z_]\w*", text):
                prefixes.add(text)
    for base in node.bases:
        dotted = _dotted(base)
        if dotted is None:
            continue
        if "." not in dotted:  # a class of the same module, or one it imports
            dotted = _imported_as(tree, module, dotted) or f"{module}.{dotted}"
        found = _stdlib_hooks(dotted, depth + 1)
        if found is not None:
            names |= found.names
            prefixes.update(found.prefixes)
    return BaseHooks(frozenset(names), tuple(sorted(prefixes)))


def _dotted(expr: ast.expr) -> str | None:
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        inner = _dotted(expr.value)
        return f"{inner}.{expr.attr}" if inner else None
    return None


def _imported_as(tree: ast.Module, module: str, name: str) -> str | None:
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    return f"{_absolute_module(module, node.module or '', node.level, tree)}.{alias.name}"
    return None


def _absolute_module(module: str, target: str, level: int, tree: ast.Module) -> str:
    if not level:
        return target
    package = module if _stdlib_file(module, package_only=True) else module.rpartition(".")[0]
    for _ in range(level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{target}" if target else package


@functools.cache
def _stdlib_file(module: str, package_only: bool = False) -> Path | None:
    root = Path(sysconfig.get_paths()["stdlib"])
    parts = module.split(".")
    package = root.joinpath(*parts, "__init__.py")
    if package.is_file():
        return package
    if package_only:
        return None
    single = root.joinpath(*parts[:-1], parts[-1] + ".py")
    return single if single.is_file() else None


@functools.cache
def _stdlib_module(module: str) -> ast.Module | None:
    path = _stdlib_file(module)
    if path is None:
        return None
    try:
        return ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        return None
