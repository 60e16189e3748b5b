"""The annual report and the batch check as kinds of reviewed record (tables:
gongkai.workflow.tables.annual_report and batch_check).

The report's one gate is its rules: no move while a rule fails or a warning is not acknowledged
in writing. Its author is whoever compiled and submitted it (the 编制 signature of the round),
so that the review and the signature are by others. Publication takes the canonical snapshot
with its publication date. A batch check is moved by the background task (as the system); a
retry queues the task again once the move is committed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.report import canonical
from gongkai.report.rules import Severity
from gongkai.workflow.lifecycle import Gate, Outcome, Person
from gongkai.workflow.tables.annual_report import (
    ANNUAL_REPORT,
    COMPILED,
    ReportAction,
    ReportState,
)
from gongkai.workflow.tables.batch_check import BATCH_CHECK, BatchAction
from gongkai_web.annual_reports import checks
from gongkai_web.annual_reports.models import (
    AnnualReport,
    BatchCheck,
    BatchEvent,
    Comment,
    ReportEvent,
)
from gongkai_web.audit import services as audit
from gongkai_web.workflow.kinds import Inputs, Kind, register
from gongkai_web.workflow.models import Event

ERROR = Severity.ERROR


def rule_problems(stored: AnnualReport, today: dt.date | None = None) -> list[str]:
    """What keeps the report from its next step: failing rules, then warnings not acknowledged."""
    from gongkai_web.annual_reports.services.content import findings

    found = findings(stored, today=today)
    errors = [f"错误未解决：{f.message.rstrip('。')}" for f in found if f.severity is ERROR]
    pending = [
        f"警告未书面确认：{f.message.rstrip('。')}"
        for f in found
        if f.severity is not ERROR and checks.finding_key(f) not in stored.acknowledgements
    ]
    return errors + pending


class ReportKind(Kind):
    lifecycle = ANNUAL_REPORT
    model = AnnualReport
    event_model = ReportEvent
    audit_prefix = "annual_report"
    author_field = None
    waits = frozenset({ReportAction.PUBLISH.value})

    def url(self, record: Any) -> str:
        return reverse("annual_reports:work", args=[record.pk])

    def title(self, record: Any) -> str:
        return f"{record.agency_name} {record.year} 年度报告"

    def author(self, record: Any) -> Hashable | None:
        # The compiler of this round: who signed 编制 by submitting it.
        compiled = self.events(record).filter(round=self.round(record), slot=COMPILED.key)
        actor: Hashable | None = compiled.values_list("actor_id", flat=True).first()
        return actor

    def author_in(self, record: Any, round_events: Sequence[Event]) -> Hashable | None:
        return next((e.actor_id for e in round_events if e.slot == COMPILED.key), None)

    # A report stored without an agency (one imported before agencies were kept) has nobody
    # who may act on it.
    def roles(self, user: Any, record: Any) -> frozenset[str]:
        if user is not None and record.agency is None:
            return frozenset()
        return super().roles(user, record)

    def staff(self, record: Any) -> list[Person]:
        return [] if record.agency is None else super().staff(record)

    def may_view(self, user: Any, record: Any) -> bool:
        return record.agency is not None and super().may_view(user, record)

    def problems(self, record: Any, gate: Gate, round_events: Sequence[Event],
                 inputs: Inputs) -> list[str]:  # fmt: skip
        if gate is Gate.RULES:
            return rule_problems(record, inputs.on)
        return []

    def before_save(self, record: Any, outcome: Outcome[Any, Any], inputs: Inputs,
                    actor: audit.Actor, now: dt.datetime) -> dict[str, Any]:  # fmt: skip
        action = outcome.move.action
        if action is ReportAction.SEND_BACK and actor.user is not None:
            # The reason joins the report's comments, where the compiler reads the others.
            Comment.objects.create(
                report=record, author=actor.user, kind=Comment.Kind.SEND_BACK,
                text=inputs.note.strip(), at=now,
            )  # fmt: skip
        if outcome.after is ReportState.PUBLISHED:
            return publish(record, inputs.on, now)
        return {}


def publish(stored: AnnualReport, on: dt.date | None, now: dt.datetime) -> dict[str, Any]:
    """The published snapshot: the canonical JSON with its publication date, the counts."""
    from gongkai_web.annual_reports import selectors
    from gongkai_web.annual_reports.services.content import refresh_counts

    day = on or timezone.localdate(now)
    report = replace(selectors.as_report(stored), published_on=day)
    stored.canonical = canonical.to_dict(report)
    # A publication date given explicitly (a report published on paper first, the demo) is
    # the portal's date too; otherwise it is now.
    stored.published_at = timezone.make_aware(dt.datetime.combine(on, dt.time(9))) if on else now
    refresh_counts(stored, report, day)
    return {"published_on": day}


class BatchKind(Kind):
    lifecycle = BATCH_CHECK
    model = BatchCheck
    event_model = BatchEvent
    audit_prefix = "annual_report.batch"
    round_field = None
    waits = frozenset({BatchAction.RETRY.value})
    related = ("agency", "upload")

    def url(self, record: Any) -> str:
        return reverse("annual_reports:batch", args=[record.pk])

    def title(self, record: Any) -> str:
        return f"“{record.upload_name}”的检查"

    def after_save(self, record: Any, outcome: Outcome[Any, Any], inputs: Inputs,
                   actor: audit.Actor, event: Event) -> None:  # fmt: skip
        if outcome.move.action is BatchAction.RETRY:
            from gongkai_web.annual_reports.batch import check_batch

            pk = record.pk
            transaction.on_commit(lambda: check_batch(pk))


REPORT = register(ReportKind())
BATCH = register(BatchKind())
