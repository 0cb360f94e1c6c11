"""Resolving repository locations: which are refused, and what a clone or checkout shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from codeintel.config import IngestSettings
from codeintel.ingest import SourceError, list_files, resolve_source
from codeintel.ingest.source import canonical_url, validate_ref, validate_url
from tests.helpers import commit_files, git


@pytest.fixture
def origin(tmp_path: Path) -> dict[str, object]:
    """A repository with two commits on main (first tagged v1) and a branch `feature`."""
    repo = tmp_path / "origin" / "project"
    repo.mkdir(parents=True)
    git(repo, "init", "-q")
    first = commit_files(repo, {"app.py": "VERSION = 1\n"}, "first")
    git(repo, "tag", "v1")
    second = commit_files(repo, {"app.py": "VERSION = 2\n", "lib/util.py": "def f(): pass\n"}, "second")
    git(repo, "checkout", "-q", "-b", "feature")
    feature = commit_files(repo, {"feature.py": "FLAG = True\n"}, "feature")
    git(repo, "checkout", "-q", "main")
    return {"repo": repo, "first": first, "second": second, "feature": feature}


def paths_of(source) -> list[str]:
    return [f.path for f in list_files(source, IngestSettings(), {"python"}).files]


# -- refused locations ---------------------------------------------------------------------------


def test_url_with_ext_transport_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="ext::"):
        resolve_source("ext::sh -c touch% /tmp/pwned", None, tmp_path)


def test_url_carrying_ext_anywhere_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="ext::"):
        resolve_source("https://example.com/ext::sh", None, tmp_path)


def test_fd_transport_helper_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="transport helpers"):
        resolve_source("fd::17", None, tmp_path)


@pytest.mark.parametrize(
    "location",
    ["http://example.com/org/repo.git", "git://example.com/org/repo.git", "ftp://example.com/repo", "svn+ssh://h/r"],
)
def test_url_with_scheme_other_than_https_ssh_file_is_refused(location: str, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="scheme .* is refused"):
        resolve_source(location, None, tmp_path)


@pytest.mark.parametrize("location", ["-uhelp", "--upload-pack=touch /tmp/pwned", "-"])
def test_location_starting_with_dash_is_refused(location: str, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="starting with '-'"):
        resolve_source(location, None, tmp_path)


@pytest.mark.parametrize(
    "location", ["ssh://-oProxyCommand=touch%20x/repo", "ssh://-oProxyCommand=x@host/repo", "https://host/-repo"]
)
def test_url_with_option_like_host_user_or_path_is_refused(location: str) -> None:
    with pytest.raises(SourceError, match="'-'"):
        validate_url(location)


@pytest.mark.parametrize("location", ["https://host/repo\n", "https://host/re\npo", "/tmp/a\x00b", "https://h/r\x1b"])
def test_location_with_control_characters_is_refused(location: str, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="control characters"):
        resolve_source(location, None, tmp_path)


def test_scp_like_address_is_refused_with_a_hint(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="ssh:// URL"):
        resolve_source("git@github.com:org/repo.git", None, tmp_path)


def test_url_without_repository_path_is_refused() -> None:
    with pytest.raises(SourceError, match="no repository path"):
        validate_url("https://example.com/")


def test_source_error_is_a_value_error() -> None:
    assert issubclass(SourceError, ValueError)


@pytest.mark.parametrize(
    "location", ["https://github.com/org/repo.git", "ssh://git@github.com/org/repo.git", "file:///srv/git/repo.git"]
)
def test_https_ssh_and_file_urls_pass_validation(location: str) -> None:
    assert validate_url(location).scheme in ("https", "ssh", "file")


def test_canonical_url_hides_password_and_trailing_slash() -> None:
    assert canonical_url("HTTPS://user:s3cret@example.com/org/repo/") == "https://user:***@example.com/org/repo"


def test_missing_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="path does not exist"):
        resolve_source(str(tmp_path / "nowhere"), None, tmp_path / "checkouts")


def test_file_instead_of_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f.py").write_text("x = 1\n")
    with pytest.raises(SourceError, match="not a directory"):
        resolve_source(str(tmp_path / "f.py"), None, tmp_path / "checkouts")


@pytest.mark.parametrize("ref", ["-b", "--output=x", "a..b", "a b", "$(touch x)", "a;b", "ref@{1}", "x.lock", "a\nb"])
def test_unsafe_ref_is_refused(ref: str) -> None:
    with pytest.raises(SourceError):
        validate_ref(ref)


@pytest.mark.parametrize("ref", ["main", "v1.2.3", "feature/login-form", "release_2024", "0123abcd"])
def test_ordinary_branch_tag_and_sha_refs_are_accepted(ref: str) -> None:
    assert validate_ref(ref) == ref


# -- local folders -------------------------------------------------------------------------------


def test_plain_folder_is_read_in_place_without_git(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    source = resolve_source(str(folder), None, tmp_path / "checkouts")
    assert (source.name, source.root, source.is_git, source.commit) == ("plain", folder.resolve(), False, None)


def test_ref_on_plain_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not a git repository"):
        resolve_source(str(tmp_path), "main", tmp_path / "checkouts")


def test_local_repository_without_ref_is_read_from_its_working_tree_as_is(origin, tmp_path: Path) -> None:
    repo = origin["repo"]
    (repo / "app.py").write_text("VERSION = 'uncommitted'\n")
    source = resolve_source(str(repo), None, tmp_path / "checkouts")
    assert (source.root, source.is_git, source.managed, source.commit) == (repo, True, False, origin["second"])
    listing = list_files(source, IngestSettings(), {"python"})
    assert (listing.root / "app.py").read_text() == "VERSION = 'uncommitted'\n"


def test_repository_without_commits_has_no_commit(tmp_path: Path) -> None:
    repo = tmp_path / "empty"
    repo.mkdir()
    git(repo, "init", "-q")
    source = resolve_source(str(repo), None, tmp_path / "checkouts")
    assert (source.is_git, source.commit) == (True, None)


def test_local_repository_with_tag_ref_lists_the_tagged_content(origin, tmp_path: Path) -> None:
    source = resolve_source(str(origin["repo"]), "v1", tmp_path / "checkouts")
    assert source.commit == origin["first"]
    assert paths_of(source) == ["app.py"]
    assert (source.root / "app.py").read_text() == "VERSION = 1\n"


def test_local_repository_with_ref_leaves_the_users_working_tree_alone(origin, tmp_path: Path) -> None:
    repo = origin["repo"]
    (repo / "scratch.py").write_text("work in progress\n")
    resolve_source(str(repo), "feature", tmp_path / "checkouts")
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD") == "main"
    assert git(repo, "status", "--porcelain") == "?? scratch.py"
    assert not (repo / "feature.py").exists()


def test_local_repository_with_ref_is_checked_out_under_checkouts_dir(origin, tmp_path: Path) -> None:
    source = resolve_source(str(origin["repo"]), "feature", tmp_path / "checkouts")
    assert source.managed and source.root.parent == tmp_path / "checkouts"
    assert source.root.name.startswith("project-")
    assert source.commit == origin["feature"]


def test_sha_ref_checks_out_that_commit(origin, tmp_path: Path) -> None:
    source = resolve_source(str(origin["repo"]), origin["first"], tmp_path / "checkouts")
    assert (source.commit, paths_of(source)) == (origin["first"], ["app.py"])


def test_unknown_ref_is_refused(origin, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="ref not found"):
        resolve_source(str(origin["repo"]), "no-such-branch", tmp_path / "checkouts")


def test_subfolder_of_repository_with_ref_reads_that_subfolder_at_the_ref(origin, tmp_path: Path) -> None:
    source = resolve_source(str(origin["repo"] / "lib"), "main", tmp_path / "checkouts")
    assert (source.root.name, paths_of(source)) == ("lib", ["util.py"])


def test_bare_repository_is_read_from_a_managed_checkout_of_head(origin, tmp_path: Path) -> None:
    bare = tmp_path / "project.git"
    git(tmp_path, "clone", "-q", "--bare", str(origin["repo"]), str(bare))
    source = resolve_source(str(bare), None, tmp_path / "checkouts")
    assert (source.name, source.commit, source.managed) == ("project", origin["second"], True)
    assert paths_of(source) == ["app.py", "lib/util.py"]


def test_folder_ignored_by_an_enclosing_repository_is_read_as_a_plain_folder(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    (outer / "venv" / "lib").mkdir(parents=True)
    git(outer, "init", "-q")
    (outer / ".gitignore").write_text("venv/\n")
    (outer / "venv" / "lib" / "mod.py").write_text("x = 1\n")
    source = resolve_source(str(outer / "venv"), None, tmp_path / "checkouts")
    assert (source.is_git, paths_of(source)) == (False, ["lib/mod.py"])


# -- URLs (file:// only: no network here) --------------------------------------------------------


def test_file_url_is_cloned_at_the_default_branch(origin, tmp_path: Path) -> None:
    url = f"file://{origin['repo']}"
    source = resolve_source(url, None, tmp_path / "checkouts")
    assert (source.name, source.location, source.commit, source.is_git) == ("project", url, origin["second"], True)
    assert source.root.parent == tmp_path / "checkouts"
    assert paths_of(source) == ["app.py", "lib/util.py"]


def test_file_url_with_branch_ref_lists_the_branch_content(origin, tmp_path: Path) -> None:
    source = resolve_source(f"file://{origin['repo']}", "feature", tmp_path / "checkouts")
    assert source.commit == origin["feature"]
    assert paths_of(source) == ["app.py", "feature.py", "lib/util.py"]


def test_file_url_with_tag_ref_lists_the_tagged_content(origin, tmp_path: Path) -> None:
    source = resolve_source(f"file://{origin['repo']}", "v1", tmp_path / "checkouts")
    assert (source.commit, paths_of(source)) == (origin["first"], ["app.py"])


def test_second_resolve_fetches_into_the_existing_clone(origin, tmp_path: Path) -> None:
    url = f"file://{origin['repo']}"
    first = resolve_source(url, "main", tmp_path / "checkouts")
    (first.root / ".git" / "kept-by-fetch").write_text("a clone would lose this\n")
    newer = commit_files(origin["repo"], {"new.py": "NEW = 1\n"}, "third")
    second = resolve_source(url, "main", tmp_path / "checkouts")
    assert (second.root, second.commit) == (first.root, newer)
    assert (second.root / ".git" / "kept-by-fetch").exists()
    assert "new.py" in paths_of(second)


def test_managed_checkout_lists_committed_files_only(origin, tmp_path: Path) -> None:
    source = resolve_source(f"file://{origin['repo']}", None, tmp_path / "checkouts")
    (source.root / "stray.py").write_text("not committed\n")
    assert "stray.py" not in paths_of(source)


def test_file_url_to_a_missing_repository_fails_with_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="git clone failed"):
        resolve_source(f"file://{tmp_path}/missing", None, tmp_path / "checkouts")
    assert [p.name for p in (tmp_path / "checkouts").iterdir() if not p.name.endswith(".lock")] == []
