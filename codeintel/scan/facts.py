"""A scan's FileFacts by path, decoded only while a resolution phase reads them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from pathlib import Path

from codeintel.model import FileFacts, FileRef
from codeintel.scan.codec import cache_key, decode_facts, encode_facts
from codeintel.scan.parse import parse_file


def cached_facts(data: bytes, ref: FileRef) -> FileFacts | None:
    """The facts of a cache entry, for the file `ref`; None for an entry that cannot be read
    (corrupt, or written by other code): it counts as a miss."""
    try:
        facts = decode_facts(data)
    except Exception:  # noqa: BLE001 - whatever is wrong with the entry, parsing again fixes it
        return None
    if facts.path != ref.path:  # the same bytes seen at another path: only the path differs
        facts = facts.model_copy(update={"path": ref.path})
    return facts


class LazyFacts(Mapping[str, FileFacts]):
    """Every file's facts by path, decoded only when resolution reads them, and dropped again
    (`evict`) once a phase is done with them.

    A file's facts come from the bytes the parse workers sent (kept compressed, about a tenth
    of the decoded size, in memory or in a FactsSpill), else from the facts cache; a cache
    miss is parsed on the spot, so nothing is ever lost to an evicted or deleted cache. An
    incremental scan re-resolves a handful of files and reads the facts of the modules they
    touch, not the whole repository.
    """

    def __init__(
        self,
        refs: dict[str, FileRef],
        loaded: dict[str, FileFacts],
        encoded: MutableMapping[str, bytes],
        cache,
        root: Path,
    ) -> None:
        self._refs = refs
        self.loaded = loaded
        self._encoded = encoded
        self._cache = cache
        self._root = root
        self.to_cache: dict[str, bytes] = {}
        self.from_cache: set[str] = set()

    def __getitem__(self, path: str) -> FileFacts:
        facts = self.loaded.get(path)
        if facts is None:
            self.preload([path])
            facts = self.loaded[path]
        return facts

    def __iter__(self) -> Iterator[str]:
        return iter(self._refs)

    def __len__(self) -> int:
        return len(self._refs)

    def language_of(self, path: str) -> str:
        return self._refs[path].language

    def evict(self, paths: Iterable[str]) -> None:
        """Drop decoded facts that can be decoded again from the bytes kept for them."""
        for path in paths:
            if path in self._encoded:
                self.loaded.pop(path, None)

    def preload(self, paths: Iterable[str]) -> None:
        """Load many at once (one cache round trip); identical files share one cache entry."""
        wanted = [p for p in paths if p not in self.loaded]
        for path in wanted:
            data = self._encoded.get(path)
            if data is not None:
                self.loaded[path] = cached_facts(data, self._refs[path]) or parse_file(self._root, self._refs[path])
        missing = [self._refs[p] for p in wanted if p not in self.loaded]
        if not missing:
            return
        keys = [cache_key(ref.content_hash, ref.language) for ref in missing]
        found = self._cache.get_many(sorted(set(keys)))
        for key, ref in zip(keys, missing, strict=True):
            data = found.get(key)
            facts = cached_facts(data, ref) if data is not None else None
            if facts is None:  # not cached, or an entry this code cannot read: parse again
                facts = parse_file(self._root, ref)
                if facts.error is None:
                    encoded = encode_facts(facts)
                    self.to_cache[key] = encoded
                    self._encoded[ref.path] = encoded  # so an evicted file decodes instead of parsing again
            else:
                self.from_cache.add(ref.path)
                self._encoded[ref.path] = data
            self.loaded[ref.path] = facts
