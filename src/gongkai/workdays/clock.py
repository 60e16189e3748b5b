"""The statutory clock of one disclosure application (依申请公开), as of a date the caller gives.

Regulation Arts. 30, 31, 33 and 国办函〔2020〕109号 (regulation.md §3, §4):

* the reply is due 20 working days after receipt (Art. 31 date), 40 with an approved extension;
* a 补正 notice is due 7 working days after receipt; once the corrected application arrives the
  reply period runs again, in full, from that day;
* consultations of third parties and other agencies stop the clock (see `periods` for which
  days exactly);
* the applicant has 20 working days to pay a fee, "from the day after receiving the notice":
  the day after is day 1 when it is a working day, which is the art. 201 rule used everywhere
  else, so the payment deadline is the 20th working day after the notice was received.

Nothing here reads the system clock: "today" is always the ``as_of`` argument.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from gongkai.workdays.calendar import Calendar
from gongkai.workdays.explain import Explanation, explain
from gongkai.workdays.periods import ClockError, Pause, counted_days, due_date


@dataclass(frozen=True)
class Periods:
    """Statutory lengths in working days; configurable for a local rule that is stricter."""

    reply: int = 20  # Art. 33 ¶1
    extension: int = 20  # Art. 33 ¶1: at most 20 more
    correction_notice: int = 7  # Art. 30
    fee_payment: int = 20  # 国办函〔2020〕109号, as restated by the provinces
    due_soon: int = 5  # working days left at which a case is flagged 即将到期

    def __post_init__(self) -> None:
        for name in ("reply", "correction_notice", "fee_payment"):
            if getattr(self, name) < 1:
                raise ClockError(f"期限 {name} 至少为 1 个工作日（收到 {getattr(self, name)}）")
        if self.extension < 0 or self.due_soon < 0:
            raise ClockError("延长期限和到期提醒天数不能为负数")

    @property
    def extended_reply(self) -> int:
        return self.reply + self.extension


class ClockState(enum.Enum):
    RUNNING = "running"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    PAUSED = "paused"
    AWAITING_CORRECTION = "awaiting_correction"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {
    ClockState.RUNNING: "办理中",
    ClockState.DUE_SOON: "即将到期",
    ClockState.OVERDUE: "已逾期",
    ClockState.PAUSED: "暂停计算",
    ClockState.AWAITING_CORRECTION: "等待补正",
}


@dataclass(frozen=True)
class Deadlines:
    due: dt.date | None  # None while an open pause holds the clock
    extended_due: dt.date | None
    correction_notice_due: dt.date


@dataclass(frozen=True)
class ClockStatus:
    state: ClockState
    due: dt.date | None  # the due date that applies: the extended one once extended
    used: int  # working days of the period counted so far
    days_left: int  # period minus used; 0 on the due date, negative once it has passed

    @property
    def overdue(self) -> bool:
        return self.state is ClockState.OVERDUE


@dataclass(frozen=True)
class CaseClock:
    received: dt.date  # Art. 31 date of receipt
    corrected: dt.date | None = None  # receipt of the corrected application (Art. 30)
    correction_requested: dt.date | None = None  # the day the 补正 notice went out
    pauses: tuple[Pause, ...] = ()
    extended: bool = False
    periods: Periods = Periods()

    def __post_init__(self) -> None:
        if self.corrected is not None and self.corrected < self.received:
            raise ClockError(
                f"补正后申请的收到日期 {self.corrected.isoformat()} "
                f"早于原申请的收到日期 {self.received.isoformat()}，请改正"
            )
        if self.correction_requested is not None and self.correction_requested < self.received:
            raise ClockError(
                f"补正告知日期 {self.correction_requested.isoformat()} "
                f"早于申请的收到日期 {self.received.isoformat()}，请改正"
            )
        for pause in self.pauses:
            if pause.start < self.received:
                raise ClockError(
                    f"{pause.kind.label}的开始日期 {pause.start.isoformat()} "
                    f"早于申请的收到日期 {self.received.isoformat()}，请改正"
                )

    @property
    def start(self) -> dt.date:
        """The day the reply period runs from: the corrected application's, if any."""
        return self.corrected or self.received

    @property
    def period(self) -> int:
        return self.periods.extended_reply if self.extended else self.periods.reply

    def deadlines(self, calendar: Calendar) -> Deadlines:
        return Deadlines(
            due=due_date(calendar, self.start, self.periods.reply, self.pauses),
            extended_due=due_date(calendar, self.start, self.periods.extended_reply, self.pauses),
            correction_notice_due=calendar.add_working_days(
                self.received, self.periods.correction_notice
            ),
        )

    def due(self, calendar: Calendar) -> dt.date | None:
        return due_date(calendar, self.start, self.period, self.pauses)

    def status(self, calendar: Calendar, as_of: dt.date) -> ClockStatus:
        period = self.period
        requested = self.correction_requested
        if requested is not None and self.corrected is None and requested <= as_of:
            return ClockStatus(ClockState.AWAITING_CORRECTION, None, 0, period)
        used = counted_days(calendar, self.start, as_of, self.pauses)
        due = self.due(calendar)
        left = period - used
        if any(self._holds(p, as_of, due) for p in self.pauses):
            return ClockStatus(ClockState.PAUSED, due, used, left)
        if due is not None and as_of > due:
            return ClockStatus(ClockState.OVERDUE, due, used, left)
        if left <= self.periods.due_soon:
            return ClockStatus(ClockState.DUE_SOON, due, used, left)
        return ClockStatus(ClockState.RUNNING, due, used, left)

    @staticmethod
    def _holds(pause: Pause, as_of: dt.date, due: dt.date | None) -> bool:
        # A stopped clock is never overdue while stopped: the law does not count these days.
        # The pause shows from the day the letter goes out until the day the answer arrives.
        # A consultation begun on or after the due date moved nothing (see `periods`), so it
        # cannot hide a deadline that has already run out.
        running = pause.start <= as_of and (pause.end is None or as_of < pause.end)
        return running and (due is None or pause.start < due)

    def explain(self, calendar: Calendar) -> Explanation:
        """The reply period walked day by day, with the 20th (and 40th, if extended) marked."""
        marks = {self.periods.reply: "答复期限"}
        if self.extended:
            marks[self.periods.extended_reply] = "延期后的答复期限"
        event = "收到补正后的申请" if self.corrected else "收到申请"
        return explain(
            calendar, self.start, self.period, event=event, pauses=self.pauses, milestones=marks
        )


def fee_payment_due(calendar: Calendar, notice_received: dt.date, days: int = 20) -> dt.date:
    """Last day to pay a 信息处理费: day 1 is the first working day after the notice arrived."""
    return calendar.add_working_days(notice_received, days)
