"""How soon proactive information must be published after it is made or changed.

Art. 26: within 20 working days, "unless laws or regulations provide otherwise"; the
基层政务公开标准目录 and sector rules set other limits for some kinds of item (3 working days,
「批复后20日」, 实时). Each 目录分类 carries its `TimeLimit`; an entry's due date is counted on the
working-day calendar from its 形成或变更日期.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.workdays import Calendar
from gongkai.workflow.lifecycle import Labelled

ART26_WORKING_DAYS = 20
DUE_SOON_WORKING_DAYS = 3


class LimitUnit(Labelled):
    WORKING = "working", "个工作日"
    CALENDAR = "calendar", "日"
    REALTIME = "realtime", "实时"


class DueState(Labelled):
    ON_TIME = "on_time", "未到期"
    DUE_SOON = "due_soon", "即将超期"
    OVERDUE = "overdue", "已超期"


@dataclass(frozen=True, slots=True)
class TimeLimit:
    days: int = ART26_WORKING_DAYS
    unit: LimitUnit = LimitUnit.WORKING
    basis: str = ""  # 《条例》第二十六条, 基层政务公开标准目录 …

    def __post_init__(self) -> None:
        if self.unit is not LimitUnit.REALTIME and not 1 <= self.days <= 365:
            raise ValueError(f"公开时限应为 1 至 365 {self.unit.label}，现为 {self.days}")

    @property
    def is_art26(self) -> bool:
        return (self.days, self.unit) == (ART26_WORKING_DAYS, LimitUnit.WORKING)

    def describe(self) -> str:
        if self.unit is LimitUnit.REALTIME:
            return "实时公开（形成或变更当日）"
        return f"{self.days}{self.unit.label}"

    def due(self, calendar: Calendar, formed_on: dt.date) -> dt.date:
        if self.unit is LimitUnit.REALTIME:
            return formed_on
        if self.unit is LimitUnit.CALENDAR:
            return formed_on + dt.timedelta(days=self.days)
        return calendar.add_working_days(formed_on, self.days)


ART26 = TimeLimit(basis="《条例》第二十六条")


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True, slots=True)
class Timeliness:
    formed_on: dt.date
    due_on: dt.date
    published_on: dt.date
    days_taken: int  # days (of the limit's unit) after formed_on, through published_on
    limit: TimeLimit = ART26

    @property
    def late(self) -> bool:
        return self.published_on > self.due_on

    @property
    def message(self) -> str:
        unit = "个工作日" if self.limit.unit is LimitUnit.WORKING else "日"
        rule = (
            f"《条例》第二十六条规定的 {ART26_WORKING_DAYS} 个工作日"
            if self.limit.is_art26
            else f"本类信息的公开时限（{self.limit.describe()}"
            + (f"，{self.limit.basis}" if self.limit.basis else "")
            + "）"
        )
        if self.late:
            return (
                f"形成或变更于{_cn(self.formed_on)}，应于{_cn(self.due_on)}前公开，"
                f"实际{_cn(self.published_on)}公开，用了 {self.days_taken} {unit}，超过{rule}"
            )
        return f"在形成或变更后第 {self.days_taken} {unit}公开，未超过{rule}"


def check(
    calendar: Calendar,
    *,
    formed_on: dt.date,
    published_on: dt.date,
    limit: TimeLimit | int = ART26,
) -> Timeliness:
    """``limit``: the entry's category's, Art. 26's 20 working days unless set otherwise."""
    if isinstance(limit, int):
        limit = TimeLimit(limit)
    if published_on < formed_on:
        raise ValueError(
            f"公开日期 {published_on.isoformat()} 早于信息形成日期 {formed_on.isoformat()}，请核对"
        )
    if limit.unit is LimitUnit.WORKING:
        taken = calendar.working_days_between(formed_on, published_on)
    else:
        taken = (published_on - formed_on).days
    return Timeliness(
        formed_on=formed_on,
        due_on=limit.due(calendar, formed_on),
        published_on=published_on,
        days_taken=taken,
        limit=limit,
    )


def due_state(
    calendar: Calendar, *, formed_on: dt.date, today: dt.date, limit: TimeLimit = ART26
) -> tuple[DueState, dt.date]:
    """For an entry not yet published: how its due date stands today."""
    due_on = limit.due(calendar, formed_on)
    if today > due_on:
        return DueState.OVERDUE, due_on
    soon = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
    return (DueState.DUE_SOON if due_on <= soon else DueState.ON_TIME), due_on
