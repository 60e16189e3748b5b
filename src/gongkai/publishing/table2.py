"""Table 二 counted from the catalogue's documents and the registers (Art. 20 (1)(5)(6)(8)).

第二十条第（一）项: issued in the year, repealed in the year (flows), and in force on
31 December (a stock). A document that ceased to have effect (废止 or 失效) in a later year was
in force at this year's end; one that ceased in the year counts as 本年废止, so that
in force this year = in force last year + issued − repealed, the check the report's spec makes.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from gongkai.report.model import DocCounts, Table2

YUAN_PER_WAN = Decimal(10000)
WAN_PLACES = Decimal("0.0001")  # one yuan: nothing collected is lost in rounding


class DocKind(enum.Enum):
    REGULATION = "regulation"  # 规章
    NORMATIVE = "normative"  # 行政规范性文件
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Document:
    kind: DocKind
    issued_on: dt.date | None
    # The day it ceased to have effect, by 废止 or by 失效 alike (see ceased_on).
    repealed_on: dt.date | None = None


# The catalogue's 有效性 values that mean a document no longer has effect.
CEASED = frozenset({"expired", "repealed"})


def ceased_on(
    validity: str, ended_on: dt.date | None, repealed_on: dt.date | None
) -> dt.date | None:
    """When a document stopped being 现行有效: the earlier of its 废止日期 and, for a document
    marked 失效 or 废止, its 失效或废止日期. A date on a document still marked 有效 (a
    planned end) is not an end yet."""
    dates = [d for d in (repealed_on, ended_on if validity in CEASED else None) if d]
    return min(dates, default=None)


class Decision(enum.Enum):
    LICENSING = "licensing"  # 行政许可
    PENALTY = "penalty"  # 行政处罚
    COERCION = "coercion"  # 行政强制


def doc_counts(documents: Iterable[Document], kind: DocKind, year: int) -> DocCounts:
    issued = repealed = in_force = 0
    year_end = dt.date(year, 12, 31)
    for doc in documents:
        if doc.kind is not kind or doc.issued_on is None:
            continue
        if doc.issued_on.year == year:
            issued += 1
        if doc.repealed_on is not None and doc.repealed_on.year == year:
            repealed += 1
        if doc.issued_on <= year_end and (doc.repealed_on is None or doc.repealed_on > year_end):
            in_force += 1
    return DocCounts(issued=issued, repealed=repealed, in_force=in_force)


def wan_yuan(amounts_in_yuan: Iterable[Decimal]) -> Decimal:
    total = sum(amounts_in_yuan, Decimal(0)) / YUAN_PER_WAN
    return total.quantize(WAN_PLACES).normalize() if total else Decimal(0)


def table2(
    year: int,
    *,
    documents: Iterable[Document],
    decisions: Iterable[tuple[Decision, dt.date]],
    fees: Iterable[tuple[Decimal, dt.date]],
) -> Table2:
    docs = list(documents)
    counts = dict.fromkeys(Decision, 0)
    for kind, decided_on in decisions:
        if decided_on.year == year:
            counts[kind] += 1
    return Table2(
        regulations=doc_counts(docs, DocKind.REGULATION, year),
        normative_documents=doc_counts(docs, DocKind.NORMATIVE, year),
        licensing=counts[Decision.LICENSING],
        penalty=counts[Decision.PENALTY],
        coercion=counts[Decision.COERCION],
        fees=wan_yuan(amount for amount, collected_on in fees if collected_on.year == year),
    )
