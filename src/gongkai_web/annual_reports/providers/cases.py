"""Tables 三 and 四 from the cases app's applications and review cases, record by record.

The cases app counts the same tables with GROUP BY (``cases.selectors.table3``); here each
record is placed in its cells so that every number keeps its list (a test checks both agree).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone

from gongkai.cases.counting import ApplicantColumn, ReviewKind, ReviewResult, table4
from gongkai.cases.counting import ReviewCase as ReviewHistory
from gongkai.report.format2021 import OUTCOME_KEYS, T3_TOTAL_INDEX
from gongkai_web.annual_reports.providers.registry import (
    Fact,
    Figure,
    Provided,
    Ref,
    table3_cells,
    table4_cells,
)
from gongkai_web.cases.models import Application, ReviewCase
from gongkai_web.organizations.models import Agency

COLUMN = {c.value: c.index for c in ApplicantColumn}


def cutoff(as_of: dt.datetime) -> dt.date:
    return timezone.localtime(as_of).date() if timezone.is_aware(as_of) else as_of.date()


def application_ref(pk: int, tracking: str) -> Ref:
    return Ref("cases.application", pk, f"申请 {tracking}", reverse("cases:detail", args=[pk]))


def place(
    received: dt.date, closed: dt.date | None, row: str, year: int, until: dt.date
) -> tuple[str, str] | None:
    """(intake row, exit row) of one application in ``year``'s table as it stood ``until``."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if received > min(last, until):
        return None
    if closed is not None and closed > until:
        closed = None  # replied after the snapshot moment: still open then
    if closed is not None and closed < first:
        return None
    intake = "new" if received >= first else "carried"
    if closed is not None and closed <= last:
        return intake, row
    return intake, "carry_next"


def table3_4(agency: Agency, year: int, as_of: dt.datetime) -> Provided:
    until = cutoff(as_of)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    lists: dict[str, list[Ref]] = defaultdict(list)
    rows = (
        Application.objects.filter(agency=agency, received_on__lte=last)
        .exclude(closed_on__lt=first)
        .order_by("received_on", "pk")
        .values_list(
            "pk", "tracking_number", "applicant_column", "received_on", "closed_on", "outcome_row"
        )
    )
    for pk, tracking, column, received, closed, outcome in rows:
        placed = place(received, closed, outcome, year, until)
        if placed is None:
            continue
        ref = application_ref(pk, tracking)
        col = COLUMN[column]
        for key in placed:
            lists[f"table3.{key}[{col}]"].append(ref)
            lists[f"table3.{key}[{T3_TOTAL_INDEX}]"].append(ref)
        if placed[1] in OUTCOME_KEYS:
            lists[f"table3.total[{col}]"].append(ref)
            lists[f"table3.total[{T3_TOTAL_INDEX}]"].append(ref)
    for review in ReviewCase.objects.filter(agency=agency, filed_on__lte=last).order_by("pk"):
        decided = review.decided_on if review.decided_on and review.decided_on <= until else None
        history = ReviewHistory(
            ReviewKind(review.kind),
            review.filed_on,
            ReviewResult(review.result) if decided else ReviewResult.PENDING,
            decided,
        )
        ref = Ref(
            "cases.reviewcase",
            review.pk,
            review.case_number or f"复议诉讼案件 {review.pk}",
            reverse("cases:detail", args=[review.application_id]) if review.application_id else "",
        )
        for index, value in enumerate(table4([history], year)):
            if value:
                lists[f"table4[{index}]"].append(ref)
    figures = {
        cell: Figure(len(lists.get(cell, ())), tuple(lists.get(cell, ())))
        for cell in (*table3_cells(), *table4_cells())
    }
    return Provided(figures)


def facts(agency: Agency, year: int, as_of: dt.datetime) -> list[Fact]:
    until = cutoff(as_of)
    paid = Application.objects.filter(
        agency=agency, fee_paid_on__year=year, fee_paid_on__lte=until
    ).order_by("pk")
    refs = tuple(application_ref(a.pk, a.tracking_number) for a in paid)
    total = sum(int(a.fee_amount or 0) for a in paid)
    return [
        Fact("cases.fee_yuan", "收取信息处理费", "元", Figure(total, refs), reverse("cases:index")),
    ]
