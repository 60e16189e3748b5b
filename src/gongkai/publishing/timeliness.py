"""Art. 26: proactive information is disclosed within 20 working days of being made or changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.workdays import Calendar

ART26_WORKING_DAYS = 20


@dataclass(frozen=True, slots=True)
class Timeliness:
    formed_on: dt.date
    due_on: dt.date
    published_on: dt.date
    days_taken: int  # working days after formed_on, through published_on

    @property
    def late(self) -> bool:
        return self.published_on > self.due_on

    @property
    def message(self) -> str:
        if self.late:
            return (
                f"形成或变更于 {self.formed_on.isoformat()}，"
                f"应于 {self.due_on.isoformat()} 前公开，"
                f"实际 {self.published_on.isoformat()} 公开，用了 {self.days_taken} 个工作日，"
                f"超过《条例》第二十六条规定的 {ART26_WORKING_DAYS} 个工作日"
            )
        return (
            f"在形成或变更后第 {self.days_taken} 个工作日公开，未超过 {ART26_WORKING_DAYS} 个工作日"
        )


def check(
    calendar: Calendar,
    *,
    formed_on: dt.date,
    published_on: dt.date,
    limit: int = ART26_WORKING_DAYS,
) -> Timeliness:
    """``limit`` is 20 unless a law or regulation sets another period (Art. 26)."""
    if published_on < formed_on:
        raise ValueError(
            f"公开日期 {published_on.isoformat()} 早于信息形成日期 {formed_on.isoformat()}，请核对"
        )
    return Timeliness(
        formed_on=formed_on,
        due_on=calendar.add_working_days(formed_on, limit),
        published_on=published_on,
        days_taken=calendar.working_days_between(formed_on, published_on),
    )
