"""Tables 三 and 四 of one year, counted from case histories (regulation.md §1.4–1.6).

Table 三, per applicant column, by the dates alone:

* 新收 (new): received (Art. 31 date) in the year;
* 上年结转 (carried): received before the year and still open on 1 January, i.e. not closed
  before it;
* outcome rows: closed (replied or otherwise ended) in the year, in the row of its outcome;
* 结转下年度 (carry_next): received by 31 December and not closed by then.

Every application received by 31 December and not closed before 1 January is in exactly one of
new/carried, and in exactly one of an outcome row/carry_next — so new + carried = total +
carry_next holds in each column by construction (rule R1), and the total column is the sum of
the others (R3). `gongkai.report.rules` checks it anyway; the property tests run both.

The SQL version in the web app (cases/selectors.py) applies the same four conditions.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from gongkai.report.format2021 import OUTCOME_KEYS, T3_COLUMN_KEYS, T3_ROW_KEYS, T3_WIDTH
from gongkai.report.model import Row


class ApplicantColumn(enum.Enum):
    """The column of table 三: 自然人 or one of the five kinds of 法人或其他组织."""

    NATURAL_PERSON = "natural_person"
    COMMERCIAL = "commercial"
    RESEARCH = "research"
    PUBLIC_INTEREST = "public_interest"
    LEGAL_SERVICES = "legal_services"
    OTHER = "other"

    @property
    def index(self) -> int:
        return T3_COLUMN_KEYS.index(self.value)

    @property
    def label(self) -> str:
        return COLUMN_LABELS[self]

    @property
    def is_organisation(self) -> bool:
        return self is not ApplicantColumn.NATURAL_PERSON


COLUMN_LABELS: Final = {
    ApplicantColumn.NATURAL_PERSON: "自然人",
    ApplicantColumn.COMMERCIAL: "商业企业",
    ApplicantColumn.RESEARCH: "科研机构",
    ApplicantColumn.PUBLIC_INTEREST: "社会公益组织",
    ApplicantColumn.LEGAL_SERVICES: "法律服务机构",
    ApplicantColumn.OTHER: "其他",
}


class HistoryError(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class CaseHistory:
    received: dt.date
    column: ApplicantColumn
    closed: dt.date | None = None  # reply date, or the day the case was otherwise ended
    row: str | None = None  # outcome row; set exactly when closed is

    def __post_init__(self) -> None:
        if (self.closed is None) != (self.row is None):
            raise HistoryError("办结日期与办理结果须同时填写或同时为空")
        if self.closed is not None and self.closed < self.received:
            raise HistoryError(
                f"办结日期 {self.closed.isoformat()} 早于收到日期 {self.received.isoformat()}"
            )
        if self.row is not None and self.row not in OUTCOME_KEYS:
            raise HistoryError(f"没有办理结果“{self.row}”")


def classify(case: CaseHistory, year: int) -> tuple[str | None, str | None]:
    """(intake row, exit row) of one case in ``year``'s table; None where it does not appear."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if case.received > last or (case.closed is not None and case.closed < first):
        return None, None
    intake = "new" if case.received >= first else "carried"
    if case.closed is not None and case.closed <= last:
        return intake, case.row
    return intake, "carry_next"


def table3(cases: Iterable[CaseHistory], year: int) -> dict[str, Row]:
    counts = {key: [0] * T3_WIDTH for key in T3_ROW_KEYS}
    for case in cases:
        intake, exit_row = classify(case, year)
        if intake is None or exit_row is None:
            continue
        column = case.column.index
        counts[intake][column] += 1
        counts[exit_row][column] += 1
    return finish_table3(counts)


def finish_table3(counts: dict[str, list[int]]) -> dict[str, Row]:
    """Fill the 总计 row and the 总计 column from the counted cells."""
    total = counts["total"]
    for key in OUTCOME_KEYS:
        for column in range(T3_WIDTH - 1):
            total[column] += counts[key][column]
    for row in counts.values():
        row[T3_WIDTH - 1] = sum(row[: T3_WIDTH - 1])
    return {key: tuple(counts[key]) for key in T3_ROW_KEYS}


# --- table 四 ---------------------------------------------------------------------------------


class ReviewKind(enum.Enum):
    RECONSIDERATION = "reconsideration"  # 行政复议
    DIRECT_SUIT = "direct_suit"  # 未经复议直接起诉
    SUIT_AFTER_RECONSIDERATION = "suit_after_reconsideration"  # 复议后起诉

    @property
    def label(self) -> str:
        return {
            ReviewKind.RECONSIDERATION: "行政复议",
            ReviewKind.DIRECT_SUIT: "未经复议直接起诉",
            ReviewKind.SUIT_AFTER_RECONSIDERATION: "复议后起诉",
        }[self]

    @property
    def group(self) -> int:
        return list(ReviewKind).index(self)


class ReviewResult(enum.Enum):
    UPHELD = "upheld"  # 结果维持
    CORRECTED = "corrected"  # 结果纠正 (撤销、变更、确认违法 — practice, UNCONFIRMED)
    OTHER = "other"  # 其他结果 (驳回、撤回、终止 … configurable)
    PENDING = "pending"  # 尚未审结

    @property
    def label(self) -> str:
        return {
            ReviewResult.UPHELD: "结果维持",
            ReviewResult.CORRECTED: "结果纠正",
            ReviewResult.OTHER: "其他结果",
            ReviewResult.PENDING: "尚未审结",
        }[self]


class Table4Policy(enum.Enum):
    """Which cases a year's table 四 counts: the rule is UNCONFIRMED (regulation.md §1.5)."""

    FILED_IN_YEAR = "filed_in_year"
    ACTIVE_IN_YEAR = "active_in_year"  # also earlier cases still open on 1 January


@dataclass(frozen=True)
class ReviewCase:
    kind: ReviewKind
    filed: dt.date
    result: ReviewResult = ReviewResult.PENDING
    decided: dt.date | None = None

    def __post_init__(self) -> None:
        if (self.decided is None) != (self.result is ReviewResult.PENDING):
            raise HistoryError("已审结的案件须填写结果和审结日期；尚未审结的不填审结日期")
        if self.decided is not None and self.decided < self.filed:
            raise HistoryError("审结日期早于立案日期")


def table4(
    cases: Iterable[ReviewCase], year: int, policy: Table4Policy = Table4Policy.FILED_IN_YEAR
) -> Row:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells = [0] * 15
    for case in cases:
        if case.filed > last:
            continue
        if case.filed < first and (
            policy is Table4Policy.FILED_IN_YEAR
            or (case.decided is not None and case.decided < first)
        ):
            continue
        result = case.result
        if case.decided is not None and case.decided > last:
            result = ReviewResult.PENDING  # as it stood on 31 December
        base = case.kind.group * 5
        cells[base + list(ReviewResult).index(result)] += 1
        cells[base + 4] += 1
    return tuple(cells)
