"""The backup manifest lists every member's hash and names what is damaged."""

import hashlib

import pytest

from gongkai.backup_manifest import (
    Manifest,
    ManifestError,
    Member,
    build_manifest,
    digest,
    dumps,
    loads,
    problems,
    sha256sums,
)


def member(path: str, data: bytes) -> Member:
    size, sha = digest([data])
    return Member(path=path, size=size, sha256=sha)


def sample() -> Manifest:
    return build_manifest(
        [member("files/b.pdf", b"%PDF"), member("db/data.json", b"[]")],
        created_at="2025-01-01T00:00:00+00:00",
        meta={"app_version": "0.1.0"},
    )


def test_it_hashes_in_chunks_like_hashlib() -> None:
    assert digest([b"ab", b"c"]) == (3, hashlib.sha256(b"abc").hexdigest())


def test_it_round_trips_through_json_in_path_order() -> None:
    manifest = sample()
    assert loads(dumps(manifest)) == manifest
    assert [m.path for m in manifest.members] == ["db/data.json", "files/b.pdf"]


def test_it_finds_nothing_wrong_with_a_whole_archive() -> None:
    found = {m.path: (m.size, m.sha256) for m in sample().members}
    assert problems(sample(), found) == []


def test_it_names_damaged_missing_and_extra_files() -> None:
    found = {
        "db/data.json": digest([b"[{}]"]),
        "extra.txt": digest([b"x"]),
    }
    assert problems(sample(), found) == [
        "文件 db/data.json 已损坏：哈希或大小与清单不符",
        "备份中缺少文件 files/b.pdf",
        "备份中多出清单未列的文件 extra.txt",
    ]


@pytest.mark.parametrize("path", ["/etc/passwd", "../x", "a/../../x", "manifest.json", ""])
def test_it_refuses_unsafe_member_paths(path: str) -> None:
    with pytest.raises(ManifestError):
        build_manifest([member(path, b"x")], created_at="now")


def test_it_refuses_a_damaged_manifest() -> None:
    with pytest.raises(ManifestError, match="备份已损坏"):
        loads(b'{"format": "gongkai-backup/1", ')
    with pytest.raises(ManifestError, match="缺少字段"):
        loads(b'{"format": "gongkai-backup/1", "members": [{"path": "a"}], "created_at": "x"}')


def test_it_renders_sha256sums_for_checking_by_hand() -> None:
    text = sha256sums(sample())
    assert text.splitlines()[0] == f"{hashlib.sha256(b'[]').hexdigest()}  db/data.json"
