"""An application's statutory clock, read from its record (the core does the counting)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from gongkai.workdays import Calendar, Pause, PauseKind, UnknownYearError, explain
from gongkai.workdays.clock import CaseClock, ClockState, Periods, fee_payment_due
from gongkai.workdays.explain import Explanation
from gongkai_web.cases.models import Application, Consultation

PAUSE_KINDS = {
    Consultation.Kind.THIRD_PARTY: PauseKind.THIRD_PARTY,
    Consultation.Kind.OTHER_AGENCY: PauseKind.OTHER_AGENCY,
}


def periods() -> Periods:
    return Periods(due_soon=int(getattr(settings, "GONGKAI_DUE_SOON_DAYS", 5)))


def case_clock(application: Application) -> CaseClock:
    pauses = tuple(
        Pause(PAUSE_KINDS[Consultation.Kind(c.kind)], c.started_on, c.ended_on)
        for c in application.consultations.all()
    )
    return CaseClock(
        received=application.received_on,
        corrected=application.corrected_on,
        correction_requested=application.correction_requested_on,
        pauses=pauses,
        extended=application.extended,
        periods=periods(),
    )


@dataclass(frozen=True)
class Dues:
    """What the case page and the lists show about time."""

    state: ClockState | None  # None once the case is closed
    due: dt.date | None  # the reply due date that applies now (None while stopped)
    correction_notice_due: dt.date | None
    days_left: int | None
    fee_payment_due: dt.date | None
    explanation: list[str]
    error: str = ""
    unknown_year: int | None = None  # the year the calendar lacks, when that is the error

    @property
    def flag(self) -> str:
        if self.state is None:
            return ""
        return self.state.label

    @property
    def note(self) -> str:
        """The flag with the working days left (or past), as the lists show it."""
        if self.state is None or self.days_left is None:
            return self.error
        if self.state is ClockState.OVERDUE:
            return f"已逾期 {-self.days_left} 个工作日"
        if self.state in (ClockState.PAUSED, ClockState.AWAITING_CORRECTION):
            return self.state.label
        return f"{self.state.label}（剩 {self.days_left} 个工作日）"


def dues(application: Application, calendar: Calendar, today: dt.date) -> Dues:
    try:
        clock = case_clock(application)
        fee_due = (
            fee_payment_due(calendar, application.fee_notice_received_on, periods().fee_payment)
            if application.fee_notice_received_on
            and not (application.fee_paid_on or application.fee_waived_on)
            else None
        )
        notice_due = calendar.add_working_days(application.received_on, periods().correction_notice)
        if not application.case_state.is_open:
            return Dues(None, clock.due(calendar), notice_due, None, fee_due, [])
        status = clock.status(calendar, today)
        return Dues(
            status.state,
            status.due,
            notice_due,
            status.days_left,
            fee_due,
            clock.explain(calendar).sentences(),
        )
    except UnknownYearError as error:
        return Dues(None, None, None, None, None, [], error.message, error.year)


@dataclass(frozen=True)
class Explained:
    """One due date of the case page with the days that make it up."""

    key: str  # reply, correction_notice, fee_payment: the page's element ids
    label: str
    due: dt.date | None
    sentences: list[str]


def explanations(application: Application, calendar: Calendar) -> list[Explained]:
    """Every due date the case page shows while it runs, each walked day by day (the lists
    show only the dates: they call `dues`)."""
    if not application.case_state.is_open:
        return []
    p = periods()
    found: list[tuple[str, str, Explanation]] = []
    try:
        found.append(("reply", "答复期限", case_clock(application).explain(calendar)))
        if application.correction_requested_on is None:
            notice = explain(
                calendar,
                application.received_on,
                p.correction_notice,
                milestones={p.correction_notice: "补正告知期限（条例第三十条）"},
            )
            found.append(("correction_notice", "补正告知期限", notice))
        if application.fee_notice_received_on and not (
            application.fee_paid_on or application.fee_waived_on
        ):
            fee = explain(
                calendar,
                application.fee_notice_received_on,
                p.fee_payment,
                event="申请人收到收费通知",
                milestones={p.fee_payment: "缴费期限（国办函〔2020〕109号）"},
            )
            found.append(("fee_payment", "缴费期限", fee))
    except UnknownYearError:
        return []  # the page already says which year's calendar is missing
    return [Explained(key, label, e.end, e.sentences()) for key, label, e in found]
