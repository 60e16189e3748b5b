"""The audit log as CSV (UTF-8 with BOM, which Excel in China opens correctly) and XLSX."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable

from django.utils import timezone

from gongkai.documents.ledger import Ledger, ledger_xlsx
from gongkai.sheets import CsvWriter
from gongkai_web import clock
from gongkai_web.audit.models import AuditEntry

HEADER = (
    "序号", "时间", "操作人", "角色", "机关", "操作", "对象类型", "对象编号", "变更内容",
    "来源地址", "SM3 哈希",
)  # fmt: skip


def rows(entries: Iterable[AuditEntry]) -> Iterable[tuple[object, ...]]:
    for e in entries:
        yield (
            e.seq,
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_name,
            e.role_label,
            e.agency_name,
            e.action,
            e.object_type,
            e.object_id,
            json.dumps(e.changes, ensure_ascii=False, sort_keys=True),
            e.address,
            e.hash,
        )


def to_csv(entries: Iterable[AuditEntry]) -> bytes:
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows(entries))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(entries: Iterable[AuditEntry]) -> bytes:
    # The ledger writer stores every text as a text cell, so a value starting with "=" is
    # never evaluated as a formula and needs no quote in front of it.
    sheet = Ledger("审计日志", "审计日志", HEADER, rows(entries), centred=frozenset({0, 1}))
    return ledger_xlsx([sheet], day=clock.today())
