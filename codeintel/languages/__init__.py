"""Language extractors: source bytes -> FileFacts, one module per language.

Every extractor has the same shape, `(source: bytes, path: str, content_hash: str) -> FileFacts`,
and is registered here by language name (the names ingest's language detection gives).
"""

from __future__ import annotations

from collections.abc import Callable

from codeintel.languages.c import extract_c
from codeintel.languages.c.extractor import EXTRACTOR_VERSION as C_VERSION
from codeintel.languages.cpp import extract_cpp
from codeintel.languages.cpp.extractor import EXTRACTOR_VERSION as CPP_VERSION
from codeintel.languages.go import extract_go
from codeintel.languages.go.extractor import EXTRACTOR_VERSION as GO_VERSION
from codeintel.languages.java import extract_java
from codeintel.languages.java.extractor import EXTRACTOR_VERSION as JAVA_VERSION
from codeintel.languages.javascript import extract_javascript, extract_typescript
from codeintel.languages.javascript.extractor import JS_EXTRACTOR_VERSION
from codeintel.languages.manifests import MANIFEST_LANGUAGES, MANIFEST_VERSION, extract_gomod, extract_tsconfig
from codeintel.languages.python import extract_python
from codeintel.languages.rust import extract_rust
from codeintel.languages.rust.extractor import EXTRACTOR_VERSION as RUST_VERSION
from codeintel.model import EXTRACTOR_VERSION as PYTHON_VERSION
from codeintel.model import FileFacts

Extractor = Callable[[bytes, str, str], FileFacts]

EXTRACTORS: dict[str, Extractor] = {
    "python": extract_python,
    "go": extract_go,
    "javascript": extract_javascript,
    "typescript": extract_typescript,
    "rust": extract_rust,
    "java": extract_java,
    "c": extract_c,
    "cpp": extract_cpp,
    "gomod": extract_gomod,
    "tsconfig": extract_tsconfig,
}


EXTRACTOR_VERSIONS: dict[str, str] = {
    "python": PYTHON_VERSION,
    "go": GO_VERSION,
    "javascript": JS_EXTRACTOR_VERSION,
    "typescript": JS_EXTRACTOR_VERSION,
    "rust": RUST_VERSION,
    "java": JAVA_VERSION,
    "c": C_VERSION,
    "cpp": CPP_VERSION,
    "gomod": MANIFEST_VERSION,
    "tsconfig": MANIFEST_VERSION,
}
"""What each extractor's output depends on besides the bytes: cached facts are keyed by it."""


def extractor_version(language: str) -> str:
    return EXTRACTOR_VERSIONS.get(language, PYTHON_VERSION)


class UnsupportedLanguage(ValueError):
    """No extractor is registered for the language."""

    def __init__(self, language: str) -> None:
        supported = ", ".join(sorted(EXTRACTORS))
        super().__init__(f"no extractor for language {language!r} (supported: {supported})")
        self.language = language


def extract(language: str, source: bytes, path: str, content_hash: str) -> FileFacts:
    """Extract the facts of one file with the extractor registered for `language`."""
    try:
        extractor = EXTRACTORS[language]
    except KeyError:
        raise UnsupportedLanguage(language) from None
    return extractor(source, path, content_hash)


__all__ = [
    "EXTRACTORS",
    "EXTRACTOR_VERSIONS",
    "MANIFEST_LANGUAGES",
    "Extractor",
    "UnsupportedLanguage",
    "extract",
    "extractor_version",
]
