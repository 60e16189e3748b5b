from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Q, QuerySet

from gongkai.audit_chain import GENESIS_HASH, BreakKind, ChainBreak, ChainReport, verify
from gongkai_web.audit import sink
from gongkai_web.audit.models import AuditEntry, ChainHead
from gongkai_web.audit.services import as_chain_entry, chain_id


@dataclass(frozen=True)
class LogFilter:
    text: str = ""
    action: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def search(criteria: LogFilter) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all().order_by("-seq")
    if criteria.text:
        text = criteria.text.strip()
        entries = entries.filter(
            Q(actor_name__icontains=text)
            | Q(agency_name__icontains=text)
            | Q(object_id=text)
            | Q(object_type__icontains=text)
            | Q(address=text)
        )
    if criteria.action:
        entries = entries.filter(action__startswith=criteria.action.strip())
    if criteria.date_from:
        entries = entries.filter(at__date__gte=criteria.date_from)
    if criteria.date_to:
        entries = entries.filter(at__date__lte=criteria.date_to)
    return entries


def verify_chain(
    *, anchors: dict[int, str] | None = None, sinks: Iterable[Path] = ()
) -> ChainReport:
    """The chain checked against its head, the given anchors and every anchor the sink holds
    (the configured sink directory and ``sinks``: copies fetched from another machine)."""
    head = ChainHead.objects.filter(pk=1).first()
    if head is None and AuditEntry.objects.exists():
        missing = ChainBreak(0, BreakKind.MISSING, "审计链头记录缺失，无法确认链尾完整")
        return ChainReport(0, 0, GENESIS_HASH, missing)
    expected = (head.seq, head.hash) if head is not None else (0, GENESIS_HASH)
    recorded = sink.read(sinks)
    chain = chain_id()
    foreign = recorded.others(chain)
    if foreign:
        other, seqs = next(iter(foreign.items()))
        where = "、".join(str(path) for path in recorded.files)
        if not chain:
            text = (
                f"审计日志为空，但库外留存（{where}）记有 {len(seqs)} 条记录：审计记录已被全部删除"
            )
        else:
            text = (
                f"库外留存（{where}）记有另一条审计链（链首 {other}，{len(seqs)} 条），"
                f"与本库（链首 {chain}）不同：审计日志被整体替换；如数据库是有意重建的，"
                "请将旧留存文件移出并归档后再核验"
            )
        return ChainReport(0, 0, GENESIS_HASH, ChainBreak(1, BreakKind.MISSING, text))
    merged = recorded.of(chain) | dict(anchors or {})
    entries: Iterator[AuditEntry] = AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
    return verify((as_chain_entry(e) for e in entries), expected_head=expected, anchors=merged)


def sink_anchor_count(sinks: Iterable[Path] = ()) -> int:
    return len(sink.read(sinks).of(chain_id()))
