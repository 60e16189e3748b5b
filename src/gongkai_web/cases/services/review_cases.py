"""Reconsideration and litigation about an application (table 四): filed here; its result
entered and corrected as moves of its lifecycle (cases.review_workflow)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.cases.counting import ReviewKind
from gongkai.workflow.lifecycle import Refused
from gongkai.workflow.tables.review_case import ReviewCaseAction
from gongkai_web.audit import services as audit
from gongkai_web.cases.models import (
    Application,
    ReviewCase,
)
from gongkai_web.cases.review_workflow import REVIEW_CASE_KIND
from gongkai_web.cases.services._common import (
    CaseError,
    _check_date,
    require,
)
from gongkai_web.workflow import services as workflow
from gongkai_web.workflow.kinds import Inputs

# --- reconsideration and litigation (table 四) ---------------------------------------------


@transaction.atomic
def record_review(
    *,
    actor: audit.Actor,
    application: Application,
    kind: str,
    filed_on: dt.date,
    today: dt.date,
    case_number: str = "",
) -> ReviewCase:
    require(actor, application, "review_case")
    if kind not in {k.value for k in ReviewKind}:
        raise CaseError("请选择行政复议、未经复议直接起诉或复议后起诉")
    _check_date(application, filed_on, today, "立案（申请）日期")
    review_case = ReviewCase.objects.create(
        agency=application.agency,
        application=application,
        kind=kind,
        filed_on=filed_on,
        case_number=case_number.strip(),
    )
    audit.record(
        actor=actor,
        action="case.review_filed",
        obj=review_case,
        agency=application.agency,
        changes={"application": application.tracking_number, "kind": kind, "filed_on": filed_on},
    )
    return review_case


def decide_review(
    *,
    actor: audit.Actor,
    review_case: ReviewCase,
    result: str,
    decided_on: dt.date,
    today: dt.date,
    expected: int | None = None,
) -> ReviewCase:
    """Enter the case's result (审结): table 四 counts it from then on."""
    data = {"result": result, "decided_on": decided_on}
    return _move(actor, review_case, ReviewCaseAction.DECIDE, Inputs(data=data, on=today),
                 expected)  # fmt: skip


def correct_review(
    *, actor: audit.Actor, review_case: ReviewCase, reason: str, expected: int | None = None
) -> ReviewCase:
    """更正: a result entered wrongly is withdrawn with the reason; the case is pending again
    until the right result is entered."""
    return _move(actor, review_case, ReviewCaseAction.REOPEN, Inputs(note=reason), expected)


def _move(actor: audit.Actor, review_case: ReviewCase, action: ReviewCaseAction, inputs: Inputs,
          expected: int | None) -> ReviewCase:  # fmt: skip
    try:
        made = workflow.apply(REVIEW_CASE_KIND, review_case, action, actor=actor, inputs=inputs,
                              expected=expected)  # fmt: skip
    except Refused as refused:
        raise CaseError(refused.message) from None
    moved: ReviewCase = made.record
    return moved
