"""The 行政复议/行政诉讼 case as a kind of record with a lifecycle (table:
gongkai.workflow.tables.review_case).

Entering its result (审结) sets the result and the date table 四 counts; correcting it (更正)
needs a reason and puts the case back to pending, so that table 四 never counts a result that
was withdrawn, and the wrong one stays on record in the events. The case is handled by the
clerks of the application's agency and of its handling unit, as the application is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from gongkai.cases.counting import ReviewResult
from gongkai.workflow.lifecycle import Move, Outcome, Refused
from gongkai.workflow.tables.review_case import REVIEW_CASE, ReviewCaseAction
from gongkai_web.audit import services as audit
from gongkai_web.cases.models import ReviewCase, ReviewCaseEvent
from gongkai_web.organizations.permissions import grants
from gongkai_web.workflow.kinds import Inputs, Kind, register
from gongkai_web.workflow.models import Event

RESULTS = {r.value: r.label for r in ReviewResult if r is not ReviewResult.PENDING}


class ReviewCaseKind(Kind):
    lifecycle = REVIEW_CASE
    model = ReviewCase
    event_model = ReviewCaseEvent
    audit_prefix = "case.review"
    round_field = None
    author_field = None
    related = ("agency", "application")

    def url(self, record: Any) -> str:
        if record.application_id is None:
            return reverse("cases:index")
        return reverse("cases:detail", args=[record.application_id]) + "#reviews"

    def title(self, record: Any) -> str:
        return f"{record.get_kind_display()}{record.case_number or f'（{record.filed_on}立案）'}"

    def roles(self, user: Any, record: Any) -> frozenset[str]:
        held = super().roles(user, record)
        unit = record.application.handling_unit_id if record.application_id else None
        if user is None or unit is None:
            return held
        return held | {g.role for g in grants(user) if g.agency_id == unit}

    def check_inputs(self, record: Any, move: Move[Any, Any], inputs: Inputs,
                     round_events: Sequence[Event]) -> None:  # fmt: skip
        super().check_inputs(record, move, inputs, round_events)
        if move.action is not ReviewCaseAction.DECIDE:
            return
        result, decided_on = inputs.data.get("result", ""), inputs.data.get("decided_on")
        if result not in RESULTS:
            raise Refused("请选择结果：维持、纠正或其他")
        today = inputs.on
        if not isinstance(decided_on, dt.date) or (today is not None and decided_on > today):
            raise Refused("审结日期应在立案日期和今天之间")
        if decided_on < record.filed_on:
            raise Refused("审结日期应在立案日期和今天之间")

    def before_save(self, record: Any, outcome: Outcome[Any, Any], inputs: Inputs,
                    actor: audit.Actor, now: dt.datetime) -> dict[str, Any]:  # fmt: skip
        before = {"result": record.result, "decided_on": record.decided_on}
        if outcome.move.action is ReviewCaseAction.DECIDE:
            record.result = inputs.data["result"]
            record.decided_on = inputs.data["decided_on"]
            inputs.data["result_label"] = RESULTS[record.result]
        else:
            # 更正: the wrong result leaves table 四 until the right one is entered.
            record.result, record.decided_on = ReviewResult.PENDING.value, None
        return {
            "result": {"before": before["result"], "after": record.result},
            "decided_on": {"before": before["decided_on"], "after": record.decided_on},
        }


REVIEW_CASE_KIND = register(ReviewCaseKind())
