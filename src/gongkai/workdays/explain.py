"""Step-by-step explanations of a working-day period, as data and as Chinese sentences.

`explain` walks the calendar day by day from the start date and files every day into exactly one
step: a run of ordinary working days counted, a 调休 make-up working day counted, a run of
holiday days or weekend days skipped, or a run of days stopped by a pause. Milestones (the 7th
day for the 补正 notice, the 20th for the reply, the 40th after an extension) are marked where
they fall. The steps tile the days after the start without gaps, and the days they count add up
to the period, which the tests check for arbitrary dates.

It is the slow, readable twin of `periods.due_date`, which answers the same question with two
bisections; both must always agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gongkai.workdays.calendar import WEEKDAY_NAMES, Calendar, DayKind
from gongkai.workdays.periods import Pause, PauseKind


@dataclass(frozen=True)
class Start:
    date: dt.date
    event: str  # 收到申请, 收到补正后的申请, 收到收费通知 …


@dataclass(frozen=True)
class Counted:
    """Ordinary working days (Monday to Friday, no holiday) counted in order."""

    first: dt.date
    last: dt.date
    from_ordinal: int
    to_ordinal: int

    @property
    def days(self) -> int:
        return self.to_ordinal - self.from_ordinal + 1


@dataclass(frozen=True)
class MakeUpDay:
    """A Saturday or Sunday that is a working day under 调休, and therefore counted."""

    date: dt.date
    ordinal: int
    holiday: str


@dataclass(frozen=True)
class HolidayRun:
    first: dt.date
    last: dt.date
    name: str


@dataclass(frozen=True)
class Weekend:
    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class Stopped:
    """Days on which the clock stood still; ``last`` is None while the pause is still running."""

    first: dt.date
    last: dt.date | None
    kind: PauseKind
    working_days: int  # working days inside the run that did not count (so far, if open)


@dataclass(frozen=True)
class Milestone:
    date: dt.date
    ordinal: int
    label: str  # 补正告知期限, 答复期限, 延期后的答复期限 …


Step = Start | Counted | MakeUpDay | HolidayRun | Weekend | Stopped | Milestone


@dataclass(frozen=True)
class Explanation:
    start: dt.date
    days: int
    steps: tuple[Step, ...]
    end: dt.date | None  # None when an open pause holds the clock

    @property
    def counted(self) -> int:
        return sum(
            s.days if isinstance(s, Counted) else 1
            for s in self.steps
            if isinstance(s, Counted | MakeUpDay)
        )

    def milestone(self, ordinal: int) -> dt.date | None:
        for step in self.steps:
            if isinstance(step, Milestone) and step.ordinal == ordinal:
                return step.date
        return None

    def sentences(self) -> list[str]:
        return [sentence(step) for step in self.steps]

    def as_dicts(self) -> list[dict[str, object]]:
        """The steps as JSON-ready dicts: ``step`` names the kind, dates are ISO strings."""
        return [as_dict(step) for step in self.steps]


def explain(
    calendar: Calendar,
    start: dt.date,
    days: int,
    *,
    event: str = "收到申请",
    pauses: Sequence[Pause] = (),
    milestones: Mapping[int, str] | None = None,
) -> Explanation:
    if days < 0:
        raise ValueError(f"工作日天数不能为负数：{days}")
    marks = dict(milestones) if milestones else {days: "期限届满"}
    marks.setdefault(days, "期限届满")
    steps: list[Step] = [Start(start, event)]
    ordinal = 0
    day = start
    while ordinal < days:
        day += dt.timedelta(days=1)
        stopping = [p for p in pauses if p.stops(day)]
        pause = next((p for p in stopping if p.end is None), stopping[0] if stopping else None)
        kind = calendar.kind(day)
        if pause is not None:
            if pause.end is None:
                # An open pause stops every later day: say so once and stop walking.
                steps.append(Stopped(day, None, pause.kind, 0))
                return Explanation(start, days, tuple(steps), None)
            _add_stopped(steps, day, pause.kind, kind.is_working)
        elif kind is DayKind.WORKDAY:
            ordinal += 1
            _add_counted(steps, day, ordinal)
        elif kind is DayKind.MAKEUP_WORKDAY:
            ordinal += 1
            makeup = calendar.makeup(day)
            steps.append(MakeUpDay(day, ordinal, makeup.name if makeup else ""))
        elif kind is DayKind.HOLIDAY:
            holiday = calendar.holiday(day)
            _add_holiday(steps, day, holiday.name if holiday else "")
        else:
            _add_weekend(steps, day)
        if kind.is_working and pause is None and ordinal in marks:
            steps.append(Milestone(day, ordinal, marks[ordinal]))
    return Explanation(start, days, tuple(steps), day)


def _add_stopped(steps: list[Step], day: dt.date, kind: PauseKind, working: bool) -> None:
    last = steps[-1]
    if isinstance(last, Stopped) and last.kind is kind and last.last == day - dt.timedelta(days=1):
        steps[-1] = Stopped(last.first, day, kind, last.working_days + working)
    else:
        steps.append(Stopped(day, day, kind, int(working)))


def _add_counted(steps: list[Step], day: dt.date, ordinal: int) -> None:
    last = steps[-1]
    if isinstance(last, Counted) and last.last == day - dt.timedelta(days=1):
        steps[-1] = Counted(last.first, day, last.from_ordinal, ordinal)
    else:
        steps.append(Counted(day, day, ordinal, ordinal))


def _add_holiday(steps: list[Step], day: dt.date, name: str) -> None:
    last = steps[-1]
    if isinstance(last, HolidayRun) and last.name == name and last.last == day - dt.timedelta(1):
        steps[-1] = HolidayRun(last.first, day, name)
    else:
        steps.append(HolidayRun(day, day, name))


def _add_weekend(steps: list[Step], day: dt.date) -> None:
    last = steps[-1]
    if isinstance(last, Weekend) and last.last == day - dt.timedelta(days=1):
        steps[-1] = Weekend(last.first, day)
    else:
        steps.append(Weekend(day, day))


_STEP_NAMES = {
    Start: "start",
    Counted: "counted",
    MakeUpDay: "makeup_day",
    HolidayRun: "holiday",
    Weekend: "weekend",
    Stopped: "stopped",
    Milestone: "milestone",
}


def as_dict(step: Step) -> dict[str, object]:
    fields: dict[str, object] = {"step": _STEP_NAMES[type(step)]}
    for name, value in vars(step).items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, PauseKind):
            value = value.value
        fields[name] = value
    fields["sentence"] = sentence(step)
    return fields


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _span(first: dt.date, last: dt.date) -> str:
    if first == last:
        return f"{_day(first)}（{WEEKDAY_NAMES[first.weekday()]}）"
    return f"{_day(first)}至{_day(last)}"


def sentence(step: Step) -> str:
    """One Chinese sentence per step, as shown to clerks and printed by ``gongkai clock due``."""
    match step:
        case Start(date=date, event=event):
            return f"{_day(date)}{event}；依照《民法典》第二百零一条，当日不计入，自次日起计算。"
        case Counted(first=first, last=last, from_ordinal=a, to_ordinal=b):
            which = f"第{a}个工作日" if a == b else f"第{a}至{b}个工作日"
            return f"{_span(first, last)}为工作日，计{which}。"
        case MakeUpDay(date=date, ordinal=n, holiday=name):
            return f"{_span(date, date)}为{name}调休上班日，计第{n}个工作日。"
        case HolidayRun(first=first, last=last, name=name):
            return f"{_span(first, last)}为{name}放假，不计。"
        case Weekend(first=first, last=last):
            return f"{_span(first, last)}为周末休息日，不计。"
        case Stopped(first=first, last=None, kind=kind):
            return (
                f"自{_day(first)}起{kind.label}（{kind.basis}），期间不计算；"
                "尚未结束，期限待其结束后续算。"
            )
        case Stopped(first=first, last=last, kind=kind, working_days=n) if last is not None:
            return (
                f"{_span(first, last)}{kind.label}（{kind.basis}），期间不计算，"
                f"其中{n}个工作日不计入。"
            )
        case Milestone(date=date, ordinal=n, label=label):
            return f"第{n}个工作日为{_day(date)}，即{label}。"
    raise TypeError(f"unknown step {step!r}")
