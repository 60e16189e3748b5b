from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gongkai.audit_chain import GENESIS_HASH, BreakKind, ChainBreak, ChainReport, verify
from gongkai_web.audit.models import AuditEntry, ChainHead
from gongkai_web.audit.services import as_chain_entry


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


def verify_chain(*, anchors: dict[int, str] | None = None) -> ChainReport:
    head = ChainHead.objects.filter(pk=1).first()
    if head is None and AuditEntry.objects.exists():
        missing = ChainBreak(0, BreakKind.MISSING, "审计链头记录缺失，无法确认链尾完整")
        return ChainReport(0, 0, GENESIS_HASH, missing)
    expected = (head.seq, head.hash) if head is not None else (0, GENESIS_HASH)
    entries: Iterator[AuditEntry] = AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
    return verify((as_chain_entry(e) for e in entries), expected_head=expected, anchors=anchors)
