"""The audit log as CSV (UTF-8 with BOM, which Excel in China opens correctly) and XLSX."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable

from django.utils import timezone
from openpyxl import Workbook

from gongkai.sheets import CsvWriter, sheet_append
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
    book = Workbook(write_only=True)
    sheet = book.create_sheet("审计日志")
    sheet_append(sheet, HEADER)
    for row in rows(entries):
        sheet_append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
