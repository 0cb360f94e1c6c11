"""Resolution: per language, an analysis that turns a repository's FileFacts into call, import
and inheritance targets (the LanguageAnalysis port), and the graph builder that writes them."""

from __future__ import annotations

from codeintel.resolve.port import AnalysisFactory


def _python(facts_by_path, paths):
    from codeintel.resolve.python import PythonAnalysis

    return PythonAnalysis(facts_by_path, paths)


def _go(facts_by_path, paths):
    from codeintel.resolve.go import GoAnalysis

    return GoAnalysis(facts_by_path, paths)


def _javascript(facts_by_path, paths):
    """One factory for JavaScript and TypeScript: each instance indexes every script file of the
    repository (a .ts file may import a .js one) and reports calls for the files it is given."""
    from codeintel.resolve.javascript import javascript_analysis

    return javascript_analysis(facts_by_path, paths)


def _rust(facts_by_path, paths):
    from codeintel.resolve.rust import RustAnalysis

    return RustAnalysis(facts_by_path, paths)


def _java(facts_by_path, paths):
    from codeintel.resolve.java import JavaAnalysis

    return JavaAnalysis(facts_by_path, paths)


def _c(facts_by_path, paths):
    from codeintel.resolve.c import CAnalysis

    return CAnalysis(facts_by_path, paths)


def _cpp(facts_by_path, paths):
    """C++ reads the repository's C files too (a C++ call may name a C function)."""
    from codeintel.resolve.cpp import CppAnalysis

    return CppAnalysis(facts_by_path, paths)


ANALYSES: dict[str, AnalysisFactory] = {
    "python": _python,
    "go": _go,
    "javascript": _javascript,
    "typescript": _javascript,
    "rust": _rust,
    "java": _java,
    "c": _c,
    "cpp": _cpp,
}
"""Analysis factory per language name (the names of codeintel.languages.EXTRACTORS)."""
