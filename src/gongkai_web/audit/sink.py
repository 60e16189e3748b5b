"""Anchors outside the database: each committed audit entry's hash, appended to a file and
optionally sent to syslog, so that cutting off the log's tail (rows deleted, the chain head
moved back) is found by ``verify_audit_chain`` without any option.

One line per entry, the same on both sinks so a syslog server's file can be checked too:
``gongkai-audit chain=<first 16 hex of entry #1's hash> seq=<n> hash=<64 hex> at=<ISO time>``.
The chain id tells two databases' chains apart (a rebuilt database starts a new chain).
"""

from __future__ import annotations

import datetime as dt
import logging
import logging.handlers
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

FILE_NAME = "audit-anchors.log"
LINE = re.compile(
    r"gongkai-audit chain=(?P<chain>[0-9a-f]{16}) seq=(?P<seq>\d+) hash=(?P<hash>[0-9a-f]{64})"
)
log = logging.getLogger(__name__)
_syslog: logging.Logger | None = None


def directory() -> Path | None:
    configured = str(getattr(settings, "GONGKAI_AUDIT_SINK", "") or "").strip()
    if not configured or configured.lower() == "off":
        return None
    return Path(configured)


def syslog_address() -> str:
    return str(getattr(settings, "GONGKAI_AUDIT_SYSLOG", "") or "").strip()


def enabled() -> bool:
    return directory() is not None or bool(syslog_address())


def format_line(*, chain: str, seq: int, digest: str, at: dt.datetime) -> str:
    return f"gongkai-audit chain={chain} seq={seq} hash={digest} at={at.isoformat()}"


def append(*, chain: str, seq: int, digest: str, at: dt.datetime) -> None:
    """Runs after the entry's transaction commits (a rolled-back entry leaves no anchor, which
    would otherwise be reported as altered once its number is reused). A failure is logged,
    not raised: the change is already committed."""
    text = format_line(chain=chain, seq=seq, digest=digest, at=at)
    where = directory()
    if where is not None:
        try:
            where.mkdir(mode=0o700, parents=True, exist_ok=True)
            # O_APPEND: each line is one write at the end, even with several processes.
            fd = os.open(where / FILE_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, (text + "\n").encode("ascii"))
            finally:
                os.close(fd)
        except OSError:
            log.exception("审计锚点未能写入 %s（第 %s 条）", where, seq)
    if syslog_address():
        _syslog_logger().info(text)


def _syslog_logger() -> logging.Logger:
    global _syslog
    if _syslog is None:
        address = syslog_address()
        target: str | tuple[str, int]
        if address.startswith("/"):
            target = address
        else:
            host, _, port = address.rpartition(":")
            target = (host or address, int(port) if host else 514)
        logger = logging.getLogger("gongkai.audit.anchors")
        logger.propagate = False
        logger.setLevel(logging.INFO)
        handler = logging.handlers.SysLogHandler(
            address=target, facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV
        )
        logger.addHandler(handler)
        _syslog = logger
    return _syslog


@dataclass
class Anchors:
    """What the sink files say, by chain id."""

    by_chain: dict[str, dict[int, str]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def of(self, chain: str) -> dict[int, str]:
        return self.by_chain.get(chain, {})

    def others(self, chain: str) -> dict[str, dict[int, str]]:
        return {key: value for key, value in self.by_chain.items() if key != chain}


def read(paths: Iterable[Path] = ()) -> Anchors:
    """The anchors in ``paths`` (files, or directories holding the sink file), and in the
    configured sink directory. Lines that are not anchors (syslog's other traffic) are
    skipped; a sequence number seen twice with two hashes keeps both visible by failing."""
    anchors = Anchors()
    targets = list(paths)
    own = directory()
    if own is not None:
        targets.append(own)
    for target in targets:
        path = target / FILE_NAME if target.is_dir() else target
        if not path.exists():
            continue
        anchors.files.append(path)
        with path.open(encoding="ascii", errors="replace") as handle:
            for text in handle:
                match = LINE.search(text)
                if match is None:
                    continue
                chain = anchors.by_chain.setdefault(match["chain"], {})
                seq = int(match["seq"])
                if chain.get(seq, match["hash"]) != match["hash"]:
                    raise SinkConflict(
                        f"库外留存 {path} 中第 {seq} 条审计记录有两个不同的哈希，留存文件被改动"
                    )
                chain[seq] = match["hash"]
    return anchors


class SinkConflict(ValueError):
    pass
