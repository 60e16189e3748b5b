"""The report's moves (submit, review, sign, publish, send back, recall …) through the one
workflow mechanism, and the comments on a report.

Each move is gongkai_web.workflow.services.apply over the table
gongkai.workflow.tables.annual_report (see annual_reports.workflow for its gate and what
publication does); a refusal becomes ReportRefused with the table's Chinese message. ``today``
is the date the rules are checked for, and the publication date when publishing.
``expected`` is the last event the person's page showed, so that a double click is refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from gongkai.workflow.lifecycle import Refused
from gongkai.workflow.tables.annual_report import ReportAction
from gongkai_web import clock
from gongkai_web.annual_reports.models import AnnualReport, Comment
from gongkai_web.annual_reports.services._common import ReportRefused, _require, _supervises
from gongkai_web.annual_reports.workflow import REPORT
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Role
from gongkai_web.workflow import services as workflow
from gongkai_web.workflow.kinds import Inputs


def move(
    *,
    actor: audit.Actor,
    stored: AnnualReport,
    action: ReportAction | str,
    note: str = "",
    today: dt.date | None = None,
    expected: int | None = None,
    **data: Any,
) -> AnnualReport:
    """Any move of the report's table, as a page makes it."""
    inputs = Inputs(note=note, data=data, on=today)
    try:
        made = workflow.apply(
            REPORT, stored, ReportAction(action), actor=actor, inputs=inputs, expected=expected
        )
    except Refused as refused:
        raise ReportRefused(refused.message) from None
    moved: AnnualReport = made.record
    return moved


def submit(
    *, actor: audit.Actor, stored: AnnualReport, today: dt.date | None = None,
    expected: int | None = None,
) -> AnnualReport:  # fmt: skip
    return move(actor=actor, stored=stored, action=ReportAction.SUBMIT, today=today,
                expected=expected)  # fmt: skip


def review(
    *, actor: audit.Actor, stored: AnnualReport, today: dt.date | None = None,
    expected: int | None = None,
) -> AnnualReport:  # fmt: skip
    return move(actor=actor, stored=stored, action=ReportAction.REVIEW, today=today,
                expected=expected)  # fmt: skip


def sign(
    *, actor: audit.Actor, stored: AnnualReport, today: dt.date | None = None,
    expected: int | None = None,
) -> AnnualReport:  # fmt: skip
    return move(actor=actor, stored=stored, action=ReportAction.SIGN, today=today,
                expected=expected)  # fmt: skip


def publish(
    *, actor: audit.Actor, stored: AnnualReport, today: dt.date | None = None,
    expected: int | None = None,
) -> AnnualReport:  # fmt: skip
    """Publish a signed report: its snapshot is dated ``today`` (now, unless given)."""
    return move(actor=actor, stored=stored, action=ReportAction.PUBLISH, today=today,
                expected=expected)  # fmt: skip


def send_back(
    *, actor: audit.Actor, stored: AnnualReport, note: str, expected: int | None = None
) -> AnnualReport:
    return move(actor=actor, stored=stored, action=ReportAction.SEND_BACK, note=note,
                expected=expected)  # fmt: skip


def recall(
    *, actor: audit.Actor, stored: AnnualReport, note: str = "", expected: int | None = None
) -> AnnualReport:
    """The compiler takes a submitted report back before it is signed."""
    return move(actor=actor, stored=stored, action=ReportAction.RECALL, note=note,
                expected=expected)  # fmt: skip


@transaction.atomic
def comment(*, actor: audit.Actor, stored: AnnualReport, text: str) -> Comment:
    if not _supervises(actor, stored.agency):
        _require(actor, stored.agency, Role.CLERK, Role.REVIEWER, Role.LEADER, what="发表意见")
    if not text.strip():
        raise ReportRefused("意见不能为空。")
    made = Comment.objects.create(
        report=stored, author=actor.person(), text=text.strip(), at=clock.now()
    )
    audit.record(
        actor=actor,
        action="annual_report.comment",
        obj=stored,
        agency=stored.agency,
        changes={"text": text.strip()},
    )
    return made
