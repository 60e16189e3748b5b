"""The remedy clause of a letter under the revised 行政复议法 (in force 2024-01-01) and the
行政诉讼法 (regulation.md §5 and its correction; docs/decisions/letters.md).

Two paths: 复议前置 (Art. 23(1)(4): a 不予公开 decision must go to 行政复议 first, and Art. 23(2)
obliges the agency to say so) and the applicant's choice between 复议 and 诉讼. Which outcome
takes which path is a default here, overridable per outcome by the deployment, because the
treatment of 部分公开 is derived rather than read in the statute.

The 复议机关 follows the agency tree (Art. 24): a department or a body under it → its own
government; a government → the government one level up; a provincial government → itself
(Art. 24 ¶2). Vertically managed bodies, 税务 and 国家安全 go to the body one level up (Art. 27),
which the tree cannot know: the agency's settings name it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from gongkai.cases.counting import ReviewCase, ReviewKind, Table4Policy, table4
from gongkai.cases.outcomes import Disposition
from gongkai.report.rules import Finding, Severity

REVISED_LAW_IN_FORCE: Final = dt.date(2024, 1, 1)
SUIT_AFTER_REVIEW_DAYS: Final = 15  # 行政诉讼法 Art. 45


class RemedyPath(enum.Enum):
    REVIEW_FIRST = "review_first"  # 复议前置
    EITHER = "either"  # 复议或者诉讼，由申请人选择
    NONE = "none"  # the letter ends nothing the applicant could contest (a withdrawal)

    @property
    def label(self) -> str:
        return {
            RemedyPath.REVIEW_FIRST: "复议前置",
            RemedyPath.EITHER: "可以申请行政复议或者提起行政诉讼",
            RemedyPath.NONE: "不告知救济途径",
        }[self]


_REVIEW_FIRST: Final = frozenset(
    {
        Disposition.STATE_SECRET,
        Disposition.LAW_PROHIBITED,
        Disposition.THREE_SECURITY,
        Disposition.THIRD_PARTY,
        Disposition.INTERNAL_AFFAIRS,
        Disposition.PROCESS_INFO,
        Disposition.ENFORCEMENT_FILE,
        # The withheld part of a 部分公开 letter is a 不予公开 decision [DERIVED, UNCONFIRMED].
        Disposition.PARTIAL,
    }
)


def default_path(disposition: Disposition) -> RemedyPath:
    if disposition in _REVIEW_FIRST:
        return RemedyPath.REVIEW_FIRST
    return RemedyPath.EITHER


def path_for(disposition: Disposition, overrides: Mapping[str, str] | None = None) -> RemedyPath:
    """The configured path of an outcome (``overrides``: disposition value → path value)."""
    chosen = (overrides or {}).get(disposition.value)
    return RemedyPath(chosen) if chosen else default_path(disposition)


@dataclass(frozen=True)
class AgencyNode:
    name: str
    is_government: bool
    parent: AgencyNode | None = None
    override: str = ""  # the 复议机关 set in the agency's settings (vertical bodies, Art. 27)


def reconsideration_body(agency: AgencyNode) -> str:
    """The 复议机关 of ``agency``'s decisions; "" when the tree does not say."""
    if agency.override.strip():
        return agency.override.strip()
    if agency.is_government:
        above = _government_above(agency.parent)
        # A government with no government above it in the tree is a provincial one (or the
        # tree is incomplete): Art. 24 ¶2 makes a province hear cases against itself, but a
        # tree cut short would name the wrong body, so only a tree's root government gets this.
        if above is not None:
            return above.name
        return agency.name if agency.parent is None else ""
    government = _government_above(agency.parent)
    return government.name if government is not None else ""


def _government_above(node: AgencyNode | None) -> AgencyNode | None:
    while node is not None and not node.is_government:
        node = node.parent
    return node


@dataclass(frozen=True)
class Remedy:
    path: RemedyPath
    body: str  # 复议机关
    court: str  # 管辖法院, for suing directly
    days: int = 60  # 行政复议法 Art. 20
    months: int = 6  # 行政诉讼法 Art. 46

    def missing(self) -> list[str]:
        """The settings a letter on this path needs and does not have, in Chinese."""
        if self.path is RemedyPath.NONE:
            return []
        wanted = [("行政复议机关", self.body)]
        if self.path is RemedyPath.EITHER:
            wanted.append(("管辖法院", self.court))
        return [label for label, value in wanted if not value.strip()]

    def clause(self) -> str:
        """The sentence of the letter; only for a complete remedy (``missing()`` is empty)."""
        if self.path is RemedyPath.NONE:
            return ""
        review = f"如对本答复不服，可以自收到本答复之日起{self.days}日内向{self.body}申请行政复议"
        if self.path is RemedyPath.EITHER:
            return (
                f"{review}，或者自收到本答复之日起{self.months}个月内向{self.court}提起行政诉讼。"
            )
        return (
            f"{review}。根据《中华人民共和国行政复议法》第二十三条，对本机关不予公开的决定不服的，"
            "应当先申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起"
            f"{SUIT_AFTER_REVIEW_DAYS}日内依法向人民法院提起行政诉讼。"
        )


# --- table 四: 直接起诉 of a decision that had to go to 复议 first ------------------------------

DIRECT_SUIT_TOTAL: Final = ReviewKind.DIRECT_SUIT.group * 5 + 4


@dataclass(frozen=True)
class Suit:
    """A 行政复议/诉讼 case of the ledger with the decision it contests, where it is known."""

    case: ReviewCase
    label: str  # 案号 or another name the clerk recognises
    disposition: Disposition | None = None
    decided_on: dt.date | None = None  # the day the contested decision was made (signed)


def direct_suits_after_review_first(
    suits: Iterable[Suit],
    year: int,
    overrides: Mapping[str, str] | None = None,
    policy: Table4Policy = Table4Policy.FILED_IN_YEAR,
) -> list[Finding]:
    """T4-REVIEW-FIRST: a 直接起诉 counted in the year against a 复议前置 decision taken on or after
    2024-01-01. Only suits whose decision is on record can be judged; the others are skipped."""
    found: list[Finding] = []
    for suit in suits:
        if suit.case.kind is not ReviewKind.DIRECT_SUIT or suit.disposition is None:
            continue
        if suit.decided_on is None or suit.decided_on < REVISED_LAW_IN_FORCE:
            continue
        if path_for(suit.disposition, overrides) is not RemedyPath.REVIEW_FIRST:
            continue
        if not table4([suit.case], year, policy)[DIRECT_SUIT_TOTAL]:
            continue
        found.append(
            Finding(
                "T4-REVIEW-FIRST",
                Severity.WARNING,
                f"table4[{DIRECT_SUIT_TOTAL}]",
                f"表四“未经复议直接起诉”计入了{suit.label}，其所诉的"
                f"“{suit.disposition.label}”决定作出于{suit.decided_on.year}年"
                f"{suit.decided_on.month}月{suit.decided_on.day}日；"
                "按2024年1月1日起施行的行政复议法第二十三条，此类决定应当先申请行政复议。"
                "请核实案件类型（是否应为“复议后起诉”）后再公开报告。",
            )
        )
    return found
