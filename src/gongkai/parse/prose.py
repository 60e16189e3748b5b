"""Numbers the narrative states, checked against the tables (the TEXT-TABLE rule).

Reports say in words what the tables say in cells: "本年新收政府信息公开申请8件",
"结转下年度继续办理1件", "未发生行政复议". Each pattern reads one such statement and names the
cells it is about (a sum when the statement covers several, e.g. both kinds of litigation).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from gongkai.report.model import Report
from gongkai.report.rules import Finding, Severity, describe_cell


@dataclass(frozen=True, slots=True)
class Claim:
    cells: tuple[str, ...]  # table cells whose sum the sentence states
    value: Decimal
    quote: str  # the words, for the message


_S: Final = r"[^。；;，,\d]"  # within one clause, no other number
_NEW: Final = "table3.new[6]"
_CARRIED: Final = "table3.carried[6]"
_NEXT: Final = "table3.carry_next[6]"
_RECONSIDERATION: Final = "table4[4]"
_LITIGATION: Final = ("table4[9]", "table4[14]")

_NUMBER_PATTERNS: Final = (
    (
        re.compile(rf"(?:新收|收到|受理|接收){_S}{{0,14}}?申请{_S}{{0,8}}?(\d+)\s*(?:件|份|个|条)"),
        (_NEW,),
    ),
    (
        re.compile(rf"(?:新收|收到|受理|接收){_S}{{0,6}}?(\d+)\s*(?:件|份)(?:{_S}{{0,8}})?申请"),
        (_NEW,),
    ),
    (re.compile(rf"上年(?:度)?结转{_S}{{0,15}}?(\d+)\s*件"), (_CARRIED,)),
    (re.compile(rf"结转(?:至|到)?下(?:一)?年度?{_S}{{0,10}}?(\d+)\s*件"), (_NEXT,)),
    (re.compile(rf"行政复议{_S}{{0,10}}?(\d+)\s*(?:件|起|宗|次)"), (_RECONSIDERATION,)),
    (re.compile(rf"行政诉讼{_S}{{0,10}}?(\d+)\s*(?:件|起|宗|次)"), _LITIGATION),
)
_ZERO_PATTERNS: Final = (
    (
        re.compile(
            rf"(?:未|没有)(?:收到|受理){_S}{{0,10}}?(?:依申请公开|政府信息公开申请|信息公开申请)"
        ),
        (_NEW,),
    ),
    (re.compile(r"无(?:下年度结转|结转下年度)"), (_NEXT,)),
    (
        re.compile(rf"(?:没有|未|无)(?:发生|出现)?{_S}{{0,16}}?(?:被申请)?行政复议"),
        (_RECONSIDERATION,),
    ),
    (re.compile(rf"(?:没有|未|无)(?:发生|出现)?{_S}{{0,24}}?(?:行政诉讼|提起诉讼)"), _LITIGATION),
)
_FEE: Final = re.compile(rf"信息处理费{_S}{{0,30}}?(\d+(?:\.\d+)?)\s*元")
_NO_FEE: Final = re.compile(r"(?:未|没有|无|不)(?:产生|收取)[^。；]{0,20}?(?:信息)?处理费")


def read_claims(paragraphs: Iterable[str]) -> list[Claim]:
    claims: list[Claim] = []
    for text in paragraphs:
        compact = text.replace(" ", "")
        for pattern, cells in _NUMBER_PATTERNS:
            for m in pattern.finditer(compact):
                claims.append(Claim(cells, Decimal(m.group(1)), m.group(0)))
        for pattern, cells in _ZERO_PATTERNS:
            for m in pattern.finditer(compact):
                claims.append(Claim(cells, Decimal(0), m.group(0)))
    return claims


def processing_fee(paragraphs: Iterable[str]) -> Decimal | None:
    """信息处理费 in yuan as the narrative states it; no table cell holds it."""
    for text in paragraphs:
        compact = text.replace(" ", "")
        m = _FEE.search(compact)
        if m:
            return Decimal(m.group(1))
        if _NO_FEE.search(compact):
            return Decimal(0)
    return None


def text_table(report: Report, claims: Sequence[Claim]) -> Iterator[Finding]:
    """TEXT-TABLE (a warning): a number the prose states equals its table cell(s)."""
    for claim in claims:
        total = Decimal(0)
        for where in claim.cells:
            value = _cell(report, where)
            if value is None:
                break
            total += value
        else:
            yield from _compare(claim, total)


def _compare(claim: Claim, total: Decimal) -> Iterator[Finding]:
    if total == claim.value:
        return
    names = "与".join(describe_cell(w) for w in claim.cells)
    found = _plain(total)
    said = _plain(claim.value)
    yield Finding(
        "TEXT-TABLE",
        Severity.WARNING,
        claim.cells[0],
        f"正文写“{claim.quote}”（{said}），但{names}为 {found}，两者不一致，请核对。",
        found,
        said,
        claim.cells,
    )


def _plain(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


def _cell(report: Report, where: str) -> int | Decimal | None:
    if where.startswith("table4["):
        return report.table4[int(where[7:-1])]
    key, _, index = where[len("table3.") :].partition("[")
    return report.table3[key][int(index[:-1])]
