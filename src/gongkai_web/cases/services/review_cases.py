"""Reconsideration and litigation about an application (table 四)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.cases.counting import ReviewKind, ReviewResult
from gongkai_web.audit import services as audit
from gongkai_web.cases.models import (
    Application,
    ReviewCase,
)
from gongkai_web.cases.services._common import (
    CaseError,
    _check_date,
    require,
)

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


@transaction.atomic
def decide_review(
    *,
    actor: audit.Actor,
    review_case: ReviewCase,
    result: str,
    decided_on: dt.date,
    today: dt.date,
) -> None:
    application = review_case.application
    if application is not None:
        require(actor, application, "review_case")
    if result not in {r.value for r in ReviewResult} or result == ReviewResult.PENDING.value:
        raise CaseError("请选择结果：维持、纠正或其他")
    if decided_on > today or decided_on < review_case.filed_on:
        raise CaseError("审结日期应在立案日期和今天之间")
    review_case.result, review_case.decided_on = result, decided_on
    review_case.save()
    audit.record(
        actor=actor,
        action="case.review_decided",
        obj=review_case,
        agency=review_case.agency,
        changes={"result": result, "decided_on": decided_on},
    )
