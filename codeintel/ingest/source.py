"""Repository sources: a location (local path or git URL) and an optional ref -> a folder to read.

Accepted locations: an existing local folder (a git working tree, a bare repository or a plain
folder) or a URL whose scheme is `https://`, `ssh://` or `file://`. Everything else is refused
with a SourceError before git ever sees it: other schemes (`http://`, `git://`), git's
`transport::address` helpers (`ext::`, `fd::`), anything that starts with `-`, scp-like
`user@host:path` addresses, and control characters.

URLs are cloned into a managed checkout, `<checkouts_dir>/<name>-<sha1(location)[:10]>`; a later
call fetches into it instead of cloning again. A local repository is read from its working
tree as it is, unless a ref is asked for (or it is bare): then it gets a managed checkout too,
so the user's working tree, index and branches are never touched.
"""

from __future__ import annotations

import fcntl
import hashlib
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import SplitResult, urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict

from codeintel.ingest.gitcmd import GitError, git_exit_code, run_git

ALLOWED_SCHEMES = ("https", "ssh", "file")

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_TRANSPORT_HELPER = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*::")
_SCP_LIKE = re.compile(r"^[^/:]+:")
_REF = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./+\-]{0,254}$")
_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


class SourceError(ValueError):
    """The location or ref cannot be used; the message says why."""


class Source(BaseModel):
    """A repository resolved to a folder on this machine."""

    model_config = ConfigDict(frozen=True)

    name: str
    """Repository name: the last component of the location, without `.git`."""
    location: str
    """Canonical location: an absolute path, or the URL without a password or trailing slash."""
    root: Path
    """The folder that files are read from."""
    is_git: bool
    commit: str | None = None
    """The commit that `root` shows; None for plain folders and repositories without commits."""
    ref: str | None = None
    managed: bool = False
    """True when `root` is a checkout made by us at `commit` (list with `git ls-tree`)."""


def is_url(location: str) -> bool:
    """Whether `location` is a URL (has a scheme) rather than a local path; not whether it is allowed."""
    return bool(_SCHEME.match(location))


def normalise_location(location: str) -> str:
    """The form under which a location identifies a repository: a URL as given, a local path
    absolute and resolved (`./shop` and `/src/shop/` are one repository)."""
    return location if is_url(location) else str(Path(location).expanduser().resolve())


def resolve_source(location: str, ref: str | None, checkouts_dir: Path) -> Source:
    """Validate `location` and `ref`, clone or fetch when needed, and say where the files are."""
    _check_text(location, "location")
    if ref is not None:
        validate_ref(ref)
    if is_url(location):
        url = validate_url(location)
        return _from_url(url, ref, Path(checkouts_dir))
    if _TRANSPORT_HELPER.match(location):
        raise SourceError(f"git transport helpers (`{location.split('::', 1)[0]}::`) are refused: {location!r}")
    path = Path(location).expanduser()
    if not path.exists():
        if _SCP_LIKE.match(location):
            raise SourceError(f"scp-like addresses are refused, use an ssh:// URL instead: {location!r}")
        raise SourceError(f"path does not exist: {location}")
    if not path.is_dir():
        raise SourceError(f"not a directory: {location}")
    return _from_path(path.resolve(), ref, Path(checkouts_dir))


def validate_url(location: str) -> SplitResult:
    """Return the parsed URL when it is one we accept; raise SourceError naming the problem."""
    _check_text(location, "URL")
    match = _SCHEME.match(location)
    if match is None:
        raise SourceError(f"not a URL: {location!r}")
    scheme = match.group(1).lower()
    if scheme not in ALLOWED_SCHEMES:
        raise SourceError(f"URL scheme {scheme!r} is refused (allowed: {', '.join(ALLOWED_SCHEMES)}): {location!r}")
    try:
        url = urlsplit(location)
        url.port  # noqa: B018 -- raises ValueError on a malformed port
    except ValueError as exc:
        raise SourceError(f"malformed URL {location!r}: {exc}") from exc
    if url.query or url.fragment:
        raise SourceError(f"URL with a query or fragment is refused: {location!r}")
    if scheme == "file":
        if url.netloc not in ("", "localhost"):
            raise SourceError(f"file:// URL must name a local path (file:///path): {location!r}")
    else:
        if not url.hostname:
            raise SourceError(f"URL has no host: {location!r}")
        for part in (url.hostname, url.username or ""):
            if part.startswith("-"):
                raise SourceError(f"URL host or user starting with '-' is refused: {location!r}")
    if not url.path.strip("/"):
        raise SourceError(f"URL has no repository path: {location!r}")
    if any(part.startswith("-") for part in url.path.split("/")):
        raise SourceError(f"URL path component starting with '-' is refused: {location!r}")
    return url


def validate_ref(ref: str) -> str:
    """A branch, tag or commit name: conservative characters, no leading '-', no '..'."""
    _check_text(ref, "ref")
    if ref.startswith("-"):
        raise SourceError(f"ref starting with '-' is refused: {ref!r}")
    if not _REF.match(ref) or ".." in ref or "//" in ref or ref.endswith((".lock", "/", ".")) or "@{" in ref:
        raise SourceError(f"not an acceptable ref name: {ref!r}")
    return ref


def _check_text(value: str, what: str) -> None:
    if not isinstance(value, str) or not value:
        raise SourceError(f"empty {what}")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise SourceError(f"{what} contains control characters: {value!r}")
    if value.startswith("-"):
        raise SourceError(f"{what} starting with '-' is refused: {value!r}")
    if "ext::" in value.lower():
        raise SourceError(f"{what} carrying the ext:: transport is refused: {value!r}")
    if value != value.strip():
        raise SourceError(f"{what} has leading or trailing whitespace: {value!r}")


# -- URLs ---------------------------------------------------------------------------------------


def canonical_url(location: str) -> str:
    """The URL as recorded and shown: lower-case scheme, no password, no trailing slash."""
    url = validate_url(location)
    return _redact(url._replace(scheme=url.scheme.lower())).rstrip("/")


def _from_url(url: SplitResult, ref: str | None, checkouts_dir: Path) -> Source:
    scheme = url.scheme.lower()
    clone_url = urlunsplit(url._replace(scheme=scheme)).rstrip("/")
    canonical = canonical_url(clone_url)
    name = repo_name(url.path)
    root, commit = _managed_checkout(clone_url, canonical, name, ref, checkouts_dir, scheme)
    return Source(name=name, location=canonical, root=root, is_git=True, commit=commit, ref=ref, managed=True)


def _redact(url: SplitResult) -> str:
    if url.password is None:
        return urlunsplit(url)
    host = url.netloc.rpartition("@")[2]
    return urlunsplit(url._replace(netloc=f"{url.username}:***@{host}"))


def repo_name(path: str) -> str:
    """The repository's name from the last part of its path or URL path (`shop.git` -> `shop`)."""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    if name.endswith(".git"):
        name = name[: -len(".git")]
    if not name or name in (".", ".."):
        raise SourceError(f"cannot tell the repository name from {path!r}")
    return name


# -- local paths --------------------------------------------------------------------------------


def _from_path(path: Path, ref: str | None, checkouts_dir: Path) -> Source:
    kind = _git_kind(path)
    name = repo_name(str(path))
    if kind is None:
        if ref is not None:
            raise SourceError(f"a ref was given but {path} is not a git repository")
        return Source(name=name, location=str(path), root=path, is_git=False)
    if kind == "gitdir":
        raise SourceError(f"{path} is inside a .git directory; point at the working tree instead")
    if kind == "worktree" and ref is None:
        commit = head_commit(path)
        return Source(name=name, location=str(path), root=path, is_git=True, commit=commit)
    # A ref, or a bare repository: read from a managed checkout, never from the user's tree.
    prefix = "" if kind == "bare" else show_prefix(path)
    top = path if kind == "bare" else Path(run_git(["rev-parse", "--show-toplevel"], path).decode().strip())
    checkout, commit = _managed_checkout(str(top), str(top), repo_name(str(top)), ref, checkouts_dir, "file")
    root = checkout / prefix if prefix else checkout
    if not root.is_dir():
        raise SourceError(f"{prefix.rstrip('/')} does not exist at {ref or 'HEAD'} ({commit})")
    return Source(name=name, location=str(path), root=root, is_git=True, commit=commit, ref=ref, managed=True)


def _git_kind(path: Path) -> str | None:
    """'worktree', 'bare', 'gitdir', or None for a folder that git does not know."""
    try:
        out = run_git(["rev-parse", "--is-bare-repository", "--is-inside-git-dir", "--is-inside-work-tree"], path)
    except GitError as exc:
        if "not a git repository" in str(exc) or "not installed" in str(exc):
            return None
        raise SourceError(f"{path}: {exc}") from exc
    bare, in_git_dir, in_work_tree = (out.decode().split() + ["", "", ""])[:3]
    if bare == "true":
        return "bare"
    if in_git_dir == "true":
        return "gitdir"
    if in_work_tree != "true":
        return None
    # A folder that an enclosing repository ignores (a virtualenv, an installed Python) is not
    # part of that repository: it is read as a plain folder.
    if show_prefix(path) and git_exit_code(["check-ignore", "-q", "--", "."], path) == 0:
        return None
    return "worktree"


def head_commit(path: Path) -> str | None:
    """HEAD of the git repository at `path`; None outside git or before the first commit."""
    try:
        return run_git(["rev-parse", "-q", "--verify", "HEAD^{commit}"], path).decode().strip() or None
    except GitError:
        return None  # not a repository, or an empty one: no commit yet


def show_prefix(path: Path) -> str:
    """The folder's path inside its git working tree: '' at the top, else ending in a slash."""
    return run_git(["rev-parse", "--show-prefix"], path).decode().strip()


# -- managed checkouts --------------------------------------------------------------------------


def checkout_dir_for(canonical: str, name: str, checkouts_dir: Path) -> Path:
    """`<checkouts_dir>/<safe name>-<sha1(canonical location)[:10]>`."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name).lstrip(".-")[:60] or "repo"
    digest = hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:10]
    return checkouts_dir / f"{safe}-{digest}"


def _managed_checkout(
    clone_from: str, canonical: str, name: str, ref: str | None, checkouts_dir: Path, protocol: str
) -> tuple[Path, str]:
    checkouts_dir.mkdir(parents=True, exist_ok=True)
    dest = checkout_dir_for(canonical, name, checkouts_dir)
    with _locked(dest.with_name(dest.name + ".lock")):
        try:
            if (dest / ".git").is_dir():
                run_git(
                    ["fetch", "--quiet", "--prune", "--tags", "--force", "--", "origin"], dest, allow_protocol=protocol
                )
            else:
                _clone(clone_from, dest, protocol)
            commit = _resolve_ref(dest, ref)
            run_git(["checkout", "--quiet", "--force", "--detach", commit], dest)
        except GitError as exc:
            raise SourceError(f"{canonical}: {exc}") from exc
    return dest, commit


def _clone(clone_from: str, dest: Path, protocol: str) -> None:
    if dest.exists():  # a leftover that is not a clone: replace it
        shutil.rmtree(dest)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        run_git(
            ["clone", "--quiet", "--no-checkout", "--", clone_from, str(staging / "repo")],
            dest.parent,
            allow_protocol=protocol,
        )
        (staging / "repo").rename(dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _resolve_ref(repo: Path, ref: str | None) -> str:
    """The commit sha for `ref` in a managed clone; remote branches win over stale local ones."""
    if ref is None:
        candidates = ["refs/remotes/origin/HEAD", "HEAD"]
    elif _SHA.match(ref):
        candidates = [ref]
    else:
        candidates = [f"refs/remotes/origin/{ref}", f"refs/tags/{ref}", ref]
    for candidate in candidates:
        try:
            out = run_git(["rev-parse", "-q", "--verify", "--end-of-options", f"{candidate}^{{commit}}"], repo)
        except GitError:
            continue
        sha = out.decode().strip()
        if sha:
            return sha
    if ref is None:
        raise SourceError("the repository has no commits")
    raise SourceError(f"ref not found: {ref!r}")


@contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """One process at a time per managed checkout (scans of one repository may run in parallel)."""
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
