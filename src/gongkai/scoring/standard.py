"""A scoring standard (量化考核记分标准) as data, and its validation.

The seed report's 《新华区教体系统新闻媒体发稿记分标准》 is the model: points for each item by
its kind and by the level of the outlet that carried it (national, provincial, city, district,
or the unit's own platform), and points taken off for errors found in patrols and reviews,
late replies to applications and overdue publication. The figures are the agency's own, so
they arrive as text from a form or a JSON column and are checked here, with a Chinese message
for every wrong value saying which item and how to fix it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

MAX_POINTS = Decimal(100)  # one item never counts more than this: a typo guard


class OutletLevel(StrEnum):
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    CITY = "city"
    DISTRICT = "district"
    OWN = "own"

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {
    OutletLevel.NATIONAL: "国家级",
    OutletLevel.PROVINCIAL: "省级",
    OutletLevel.CITY: "市级",
    OutletLevel.DISTRICT: "区级",
    OutletLevel.OWN: "本单位平台",
}


class AwardKind(StrEnum):
    POST = "post"  # a post on the unit's own new-media account
    ENTRY = "entry"  # a catalogue entry made public
    REPORT = "report"  # a news outlet carried the unit's story (发稿)

    @property
    def label(self) -> str:
        return _AWARD_LABELS[self]

    @property
    def levels(self) -> tuple[OutletLevel, ...]:
        """The outlet levels the kind is scored by (own items have one level)."""
        if self is AwardKind.REPORT:
            return (
                OutletLevel.NATIONAL,
                OutletLevel.PROVINCIAL,
                OutletLevel.CITY,
                OutletLevel.DISTRICT,
            )
        return (OutletLevel.OWN,)


_AWARD_LABELS = {
    AwardKind.POST: "政务新媒体发布信息",
    AwardKind.ENTRY: "主动公开政府信息",
    AwardKind.REPORT: "新闻媒体刊发稿件",
}


class DeductionKind(StrEnum):
    PATROL_PROBLEM = "patrol_problem"  # a problem found in a patrol or sweep
    REVIEW_RETURNED = "review_returned"  # a catalogue entry sent back in review
    LATE_REPLY = "late_reply"  # an application answered after its due date
    LATE_PUBLICATION = "late_publication"  # published beyond Art. 26's 20 working days

    @property
    def label(self) -> str:
        return _DEDUCTION_LABELS[self]


_DEDUCTION_LABELS = {
    DeductionKind.PATROL_PROBLEM: "巡查发现问题",
    DeductionKind.REVIEW_RETURNED: "审核发现差错被退回",
    DeductionKind.LATE_REPLY: "依申请公开逾期答复",
    DeductionKind.LATE_PUBLICATION: "超过二十个工作日公开",
}


def award_key(kind: AwardKind, level: OutletLevel) -> str:
    return f"{kind.value}.{level.value}"


AWARD_KEYS: tuple[tuple[AwardKind, OutletLevel], ...] = tuple(
    (kind, level) for kind in AwardKind for level in kind.levels
)


def award_label(kind: AwardKind, level: OutletLevel) -> str:
    if level is OutletLevel.OWN:
        return kind.label
    return f"{kind.label}（{level.label}）"


@dataclass(frozen=True, slots=True)
class Standard:
    name: str
    awards: Mapping[tuple[AwardKind, OutletLevel], Decimal]  # points added per item
    deductions: Mapping[DeductionKind, Decimal]  # points taken off per item, as a positive number

    def award(self, kind: AwardKind, level: OutletLevel) -> Decimal:
        return self.awards.get((kind, level), Decimal(0))

    def deduction(self, kind: DeductionKind) -> Decimal:
        return self.deductions.get(kind, Decimal(0))

    def to_data(self) -> dict[str, Any]:
        """The JSON form stored beside the standard (amounts as strings, exact)."""
        return {
            "name": self.name,
            "awards": {award_key(k, lv): str(p) for (k, lv), p in self.awards.items()},
            "deductions": {k.value: str(p) for k, p in self.deductions.items()},
        }


class StandardError(ValueError):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("；".join(messages))
        self.messages = messages


def _points(raw: object, what: str, errors: list[str]) -> Decimal | None:
    text = str(raw if raw is not None else "").strip()
    if not text:
        return Decimal(0)
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append(f"“{what}”的分值“{text}”不是数字，请填写如 2 或 0.5 的数。")
        return None
    if not value.is_finite():
        errors.append(f"“{what}”的分值“{text}”不是数字，请填写如 2 或 0.5 的数。")
        return None
    if value < 0:
        errors.append(f"“{what}”的分值不能为负数，扣分项请填写要扣的分数（正数）。")
        return None
    if value > MAX_POINTS:
        errors.append(f"“{what}”的分值 {text} 超过上限 {MAX_POINTS} 分，请核对后重填。")
        return None
    if value != value.quantize(Decimal("0.01")):
        errors.append(f"“{what}”的分值 {text} 最多保留两位小数。")
        return None
    return value


def parse_standard(data: Mapping[str, Any]) -> Standard:
    """A standard from its JSON form (``Standard.to_data``); every wrong value is reported."""
    errors: list[str] = []
    name = str(data.get("name") or "").strip()
    if not name:
        errors.append("请填写记分标准的名称。")
    raw_awards = data.get("awards") or {}
    raw_deductions = data.get("deductions") or {}
    if not isinstance(raw_awards, Mapping) or not isinstance(raw_deductions, Mapping):
        raise StandardError(["记分标准的格式不正确：加分项和扣分项应为“项目: 分值”的对应表。"])
    known_awards = {award_key(k, lv): (k, lv) for k, lv in AWARD_KEYS}
    awards: dict[tuple[AwardKind, OutletLevel], Decimal] = {}
    for key, raw in raw_awards.items():
        if key not in known_awards:
            errors.append(f"加分项“{key}”不是可用的项目，可用的有：{'、'.join(known_awards)}。")
            continue
        kind, level = known_awards[key]
        value = _points(raw, award_label(kind, level), errors)
        if value is not None and value:
            awards[(kind, level)] = value
    deductions: dict[DeductionKind, Decimal] = {}
    known_deductions = {k.value: k for k in DeductionKind}
    for key, raw in raw_deductions.items():
        if key not in known_deductions:
            errors.append(f"扣分项“{key}”不是可用的项目，可用的有：{'、'.join(known_deductions)}。")
            continue
        deduction = known_deductions[key]
        value = _points(raw, deduction.label, errors)
        if value is not None and value:
            deductions[deduction] = value
    if not errors and not awards and not deductions:
        errors.append("记分标准至少要有一个不为零的加分项或扣分项。")
    if errors:
        raise StandardError(errors)
    return Standard(name=name, awards=awards, deductions=deductions)
