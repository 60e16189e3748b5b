"""A clerk's 台账 file (XLSX or CSV) imported into a register: every row checked first, each
problem named by row and column, nothing written unless every row is right."""

from __future__ import annotations

from gongkai.publishing.registers import check_fee_header, read_decisions, read_fees
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing import imports
from gongkai_web.publishing.models import DecisionRecord, FeeRecord
from gongkai_web.publishing.services.records import ImportRejected, add_decisions, add_fees


def known_numbers(agency: Agency, kind: str) -> frozenset[str]:
    """The 决定书文号 already in the agency's register of ``kind``: a file repeating one is
    refused at that row."""
    return frozenset(
        DecisionRecord.objects.filter(agency=agency, kind=kind).values_list("number", flat=True)
    )


def import_decisions(
    *, actor: audit.Actor, agency: Agency, kind: str, name: str, data: bytes
) -> list[DecisionRecord]:
    """Raises ``ImportRejected`` (every row's problem) or ``ValidationError`` (the file itself:
    its type, its header, damage)."""
    raw = imports.read_table(name, data)
    rows, errors = read_decisions(raw, known_numbers=known_numbers(agency, kind))
    if errors:
        raise ImportRejected(imports.describe(errors))
    if not rows:
        raise ImportRejected([f"“{name}”中没有数据行"])
    return add_decisions(actor=actor, agency=agency, kind=kind, rows=rows, source=name)


def import_fees(*, actor: audit.Actor, agency: Agency, name: str, data: bytes) -> list[FeeRecord]:
    raw = imports.read_table(name, data, check=check_fee_header)
    rows, errors = read_fees(raw)
    if errors:
        raise ImportRejected(imports.describe(errors))
    if not rows:
        raise ImportRejected([f"“{name}”中没有数据行"])
    return add_fees(actor=actor, agency=agency, rows=rows, source=name)
