"""The FactsCache port: opaque bytes by string key (content hash + extractor version).

The caller builds keys and serialises values (e.g. zlib-compressed pickle of FileFacts);
adapters only store bytes. Contract suite: tests/unit/test_facts_cache_contract.py.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class FactsCache(Protocol):
    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        """Values of the keys present; missing keys are simply absent from the result."""
        ...

    def put_many(self, items: dict[str, bytes]) -> None:
        """Store (or overwrite) every item."""
        ...

    def close(self) -> None: ...
