"""The audit trail's hash chain: SM3 (GM/T 0004) over each entry, linked to the one before.

Each entry's hash is SM3(previous hash ‖ canonical JSON of {seq, content}). Editing any
field of an entry breaks its own hash; deleting or inserting one breaks the sequence and
the link of the entry after it; deleting the newest entries is caught by comparing the
last entry with the chain head the database keeps beside the log. Someone who can rewrite
every later row can forge a consistent chain, which is why a head recorded elsewhere (a
backup manifest, an auditor's printout) may be passed to ``verify`` as an anchor.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes

GENESIS_HASH = "0" * 64


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def canonical_bytes(value: Any) -> bytes:
    """Stable JSON: sorted keys, no spaces, UTF-8 text kept as is; floats are refused.

    Floats are refused because their text form is not something a database round trip
    guarantees; callers store numbers as integers or strings.
    """
    return json.dumps(
        _checked(value, "$"),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    ).encode("utf-8")


def _checked(value: Any, where: str) -> Any:
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, str):
                raise TypeError(f"{where}: keys must be strings, got {key!r}")
        return {key: _checked(item, f"{where}.{key}") for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_checked(item, f"{where}[{index}]") for index, item in enumerate(value)]
    raise TypeError(f"{where}: {type(value).__name__} cannot be hashed canonically")


def link_hash(*, prev_hash: str, seq: int, content: Mapping[str, Any]) -> str:
    return sm3_hex(prev_hash.encode("ascii") + canonical_bytes({"seq": seq, "content": content}))


@dataclass(frozen=True)
class ChainEntry:
    seq: int
    content: Mapping[str, Any]
    prev_hash: str
    hash: str


def seal(*, prev: ChainEntry | None, content: Mapping[str, Any]) -> ChainEntry:
    """The entry that follows ``prev`` (or starts the chain when ``prev`` is None)."""
    seq = 1 if prev is None else prev.seq + 1
    prev_hash = GENESIS_HASH if prev is None else prev.hash
    return ChainEntry(
        seq=seq,
        content=content,
        prev_hash=prev_hash,
        hash=link_hash(prev_hash=prev_hash, seq=seq, content=content),
    )


class BreakKind(enum.StrEnum):
    ALTERED = "altered"
    INSERTED = "inserted"
    MISSING = "missing"
    RELINKED = "relinked"


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    kind: BreakKind
    message: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    head_seq: int
    head_hash: str
    first_break: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def verify(
    entries: Iterable[ChainEntry],
    *,
    expected_head: tuple[int, str] | None = None,
    anchors: Mapping[int, str] | None = None,
) -> ChainReport:
    """Walk the entries in the order given (ascending seq) and name the first break.

    ``expected_head`` is the (seq, hash) the writer last recorded; ``anchors`` are hashes of
    particular entries recorded outside the database.
    """
    anchors = anchors or {}
    expected_seq, running = 1, GENESIS_HASH
    checked = 0

    def report(found: ChainBreak | None) -> ChainReport:
        return ChainReport(checked, expected_seq - 1, running, found)

    for entry in entries:
        if entry.seq < expected_seq:
            return report(
                ChainBreak(
                    entry.seq,
                    BreakKind.INSERTED,
                    f"第 {entry.seq} 条审计记录重复出现（序号应为 {expected_seq}），有记录被插入",
                )
            )
        if entry.seq > expected_seq:
            gap = (
                f"第 {expected_seq} 条"
                if entry.seq == expected_seq + 1
                else f"第 {expected_seq}–{entry.seq - 1} 条"
            )
            return report(
                ChainBreak(expected_seq, BreakKind.MISSING, f"缺少{gap}审计记录（已被删除）")
            )
        if entry.prev_hash != running:
            return report(
                ChainBreak(
                    entry.seq,
                    BreakKind.RELINKED,
                    f"第 {entry.seq} 条审计记录与前一条的链接不符：其前的记录被删除、插入或改写",
                )
            )
        recomputed = link_hash(prev_hash=entry.prev_hash, seq=entry.seq, content=entry.content)
        if recomputed != entry.hash:
            return report(
                ChainBreak(
                    entry.seq,
                    BreakKind.ALTERED,
                    f"第 {entry.seq} 条审计记录的内容被改动（SM3 哈希不符）",
                )
            )
        if entry.seq in anchors and anchors[entry.seq] != entry.hash:
            return report(
                ChainBreak(
                    entry.seq,
                    BreakKind.ALTERED,
                    f"第 {entry.seq} 条审计记录与外部留存的哈希不符，审计日志被整体改写",
                )
            )
        running = entry.hash
        expected_seq += 1
        checked += 1

    beyond = [seq for seq in anchors if seq > expected_seq - 1]
    if beyond:
        # A hash recorded outside the database for an entry the log no longer has: the tail
        # was cut off (and the head moved back to hide it).
        return report(
            ChainBreak(
                expected_seq,
                BreakKind.MISSING,
                f"缺少第 {expected_seq}–{max(beyond)} 条审计记录（库外留存记有第 {max(beyond)} 条，"
                "链尾记录已被删除）",
            )
        )
    if expected_head is not None:
        head_seq, head_hash = expected_head
        if head_seq > expected_seq - 1:
            return report(
                ChainBreak(
                    expected_seq,
                    BreakKind.MISSING,
                    f"缺少第 {expected_seq}–{head_seq} 条审计记录（链尾记录已被删除）",
                )
            )
        if head_seq < expected_seq - 1:
            return report(
                ChainBreak(
                    head_seq + 1,
                    BreakKind.INSERTED,
                    f"第 {head_seq + 1} 条起的审计记录不在链头之内，是绕过系统写入的",
                )
            )
        if head_hash != running:
            return report(
                ChainBreak(
                    head_seq,
                    BreakKind.ALTERED,
                    f"第 {head_seq} 条审计记录与链头留存的哈希不符",
                )
            )
    return report(None)
