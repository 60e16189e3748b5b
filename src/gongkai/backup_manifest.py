"""The manifest of a backup archive: every member's size and SHA-256, checked before restore.

SHA-256 (rather than SM3) so that an operator can check an unpacked archive by hand with
``sha256sum -c`` using the SHA256SUMS text the manifest also renders.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

MANIFEST_FORMAT = "gongkai-backup/1"
MANIFEST_NAME = "manifest.json"
CHUNK = 1 << 20


@dataclass(frozen=True)
class Member:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    created_at: str
    members: tuple[Member, ...]
    meta: Mapping[str, str]

    def by_path(self) -> dict[str, Member]:
        return {member.path: member for member in self.members}


class ManifestError(ValueError):
    """The manifest itself is unreadable or unsafe."""


def digest(chunks: Iterable[bytes]) -> tuple[int, str]:
    hasher = hashlib.sha256()
    size = 0
    for chunk in chunks:
        hasher.update(chunk)
        size += len(chunk)
    return size, hasher.hexdigest()


def check_member_path(path: str) -> str:
    """Refuse absolute paths and ``..`` so a crafted archive cannot write outside its target."""
    pure = PurePosixPath(path)
    if not path or pure.is_absolute() or ".." in pure.parts or "\\" in path:
        raise ManifestError(f"备份清单中的路径“{path}”不安全（绝对路径或含 ..）")
    if path == MANIFEST_NAME:
        raise ManifestError(f"备份内容不能使用保留名称 {MANIFEST_NAME}")
    return path


def build_manifest(
    members: Iterable[Member], *, created_at: str, meta: Mapping[str, str] | None = None
) -> Manifest:
    ordered = sorted(members, key=lambda member: member.path)
    seen: set[str] = set()
    for member in ordered:
        check_member_path(member.path)
        if member.path in seen:
            raise ManifestError(f"备份清单中的路径“{member.path}”重复")
        seen.add(member.path)
    return Manifest(created_at=created_at, members=tuple(ordered), meta=dict(meta or {}))


def dumps(manifest: Manifest) -> bytes:
    data: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "created_at": manifest.created_at,
        "meta": dict(manifest.meta),
        "members": [{"path": m.path, "size": m.size, "sha256": m.sha256} for m in manifest.members],
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def loads(raw: bytes) -> Manifest:
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ManifestError("备份清单不是有效的 JSON，备份已损坏") from None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise ManifestError(f"不是 gongkai 备份清单（格式应为 {MANIFEST_FORMAT}）")
    try:
        members = [
            Member(path=str(item["path"]), size=int(item["size"]), sha256=str(item["sha256"]))
            for item in data["members"]
        ]
        return build_manifest(
            members,
            created_at=str(data["created_at"]),
            meta={str(k): str(v) for k, v in data.get("meta", {}).items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, ManifestError):
            raise
        raise ManifestError(f"备份清单缺少字段或字段类型不对：{exc}") from None


def sha256sums(manifest: Manifest) -> str:
    return "".join(f"{m.sha256}  {m.path}\n" for m in manifest.members)


def problems(manifest: Manifest, found: Mapping[str, tuple[int, str]]) -> list[str]:
    """Compare what the archive holds (path → (size, sha256)) against the manifest."""
    out: list[str] = []
    expected = manifest.by_path()
    for path, member in expected.items():
        if path not in found:
            out.append(f"备份中缺少文件 {path}")
            continue
        size, sha = found[path]
        if size != member.size or sha != member.sha256:
            out.append(f"文件 {path} 已损坏：哈希或大小与清单不符")
    for path in sorted(set(found) - set(expected)):
        out.append(f"备份中多出清单未列的文件 {path}")
    return out
