"""Reads: lists, the 督办 list, and tables 三 and 四 counted by the database.

`table3` is one GROUP BY (applicant column, outcome row) over the applications open at some
time in the year, with a conditional count for each of the four conditions of
`gongkai.cases.counting`; the cells are then totalled by the same `finish_table3` the pure
version uses.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from gongkai.cases.counting import (
    ApplicantColumn,
    ReviewKind,
    ReviewResult,
    Table4Policy,
    finish_table3,
)
from gongkai.cases.counting import (
    ReviewCase as ReviewHistory,
)
from gongkai.cases.counting import (
    table4 as count_table4,
)
from gongkai.cases.outcomes import Disposition
from gongkai.cases.remedies import Suit
from gongkai.cases.states import CLOSED_STATES
from gongkai.report.format2021 import T3_ROW_KEYS, T3_WIDTH
from gongkai.report.model import Row
from gongkai.workdays import Calendar
from gongkai_web.cases.clock import Dues, dues
from gongkai_web.cases.models import Application, ReviewCase
from gongkai_web.organizations.models import Agency

CLOSED_VALUES = [s.value for s in CLOSED_STATES]


def open_applications(agencies: QuerySet[Agency] | list[Agency]) -> QuerySet[Application]:
    return (
        Application.objects.filter(agency__in=agencies)
        .exclude(state__in=CLOSED_VALUES)
        .select_related("agency", "handler", "handling_unit")
        .prefetch_related("consultations")
    )


def with_dues(
    applications: QuerySet[Application], calendar: Calendar, today: dt.date
) -> list[tuple[Application, Dues]]:
    return [(a, dues(a, calendar, today)) for a in applications]


def supervision(
    agencies: QuerySet[Agency] | list[Agency], calendar: Calendar, today: dt.date
) -> list[tuple[Application, Dues]]:
    """督办: open applications that are overdue or due soon, the most urgent first."""
    flagged = [
        (a, d)
        for a, d in with_dues(open_applications(agencies), calendar, today)
        if d.state is not None and d.state.value in ("overdue", "due_soon")
    ]
    return sorted(flagged, key=lambda pair: pair[1].days_left or 0)


def table3(agency: Agency, year: int) -> dict[str, Row]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    groups = (
        Application.objects.filter(agency=agency, received_on__lte=last)
        .exclude(closed_on__lt=first)
        .values("applicant_column", "outcome_row")
        .annotate(
            new=Count("pk", filter=Q(received_on__gte=first)),
            carried=Count("pk", filter=Q(received_on__lt=first)),
            closed=Count("pk", filter=Q(closed_on__lte=last)),
            carry_next=Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=last)),
        )
    )
    counts = {key: [0] * T3_WIDTH for key in T3_ROW_KEYS}
    index = {c.value: c.index for c in ApplicantColumn}
    for group in groups:
        column = index[group["applicant_column"]]
        for key in ("new", "carried", "carry_next"):
            counts[key][column] += group[key]
        if group["closed"]:
            counts[group["outcome_row"]][column] += group["closed"]
    return finish_table3(counts)


def review_histories(agency: Agency) -> list[ReviewHistory]:
    return [
        ReviewHistory(ReviewKind(r.kind), r.filed_on, ReviewResult(r.result), r.decided_on)
        for r in ReviewCase.objects.filter(agency=agency)
    ]


def suits(agency: Agency) -> list[Suit]:
    """The agency's 复议/诉讼 cases with the decision each contests, where it is on record."""
    found = []
    for r in ReviewCase.objects.filter(agency=agency).select_related("application"):
        application = r.application
        disposition = (
            Disposition(application.disposition)
            if application is not None and application.disposition
            else None
        )
        found.append(
            Suit(
                ReviewHistory(ReviewKind(r.kind), r.filed_on, ReviewResult(r.result), r.decided_on),
                r.case_number
                or f"{r.filed_on.year}年{r.filed_on.month}月{r.filed_on.day}日立案的"
                f"{ReviewKind(r.kind).label}案件",
                disposition,
                application.closed_on if application is not None else None,
            )
        )
    return found


def table4(agency: Agency, year: int, policy: Table4Policy = Table4Policy.FILED_IN_YEAR) -> Row:
    # A handful of cases a year: counted by the pure function over the agency's rows.
    return count_table4(review_histories(agency), year, policy)


def month_applications(application: Application) -> list[Application]:
    """The applicant's applications to this agency in the natural month of this one's receipt,
    by receipt date, up to and including this one: 按件计收 charges it by its place in this
    list (109号 Art. 4). Empty when the record does not say for sure who the applicant is."""
    if not application.applicant_key:
        return []
    received = application.received_on
    return list(
        Application.objects.filter(
            agency_id=application.agency_id,
            applicant_key=application.applicant_key,
            received_on__gte=received.replace(day=1),
            received_on__lte=received,
        )
        .filter(Q(received_on__lt=received) | Q(pk__lte=application.pk))
        .order_by("received_on", "pk")
    )
