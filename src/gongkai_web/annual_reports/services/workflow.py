"""The workflow: submit, review, sign, publish, send back, and comments."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.report import canonical
from gongkai.report.rules import Severity
from gongkai_web.annual_reports import checks, selectors
from gongkai_web.annual_reports.models import (
    TRANSITIONS,
    AnnualReport,
    Comment,
    ReportStatus,
)
from gongkai_web.annual_reports.services._common import (
    ReportRefused,
    _locked,
    _require,
    _supervises,
)
from gongkai_web.annual_reports.services.content import (
    findings,
    refresh_counts,
)
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Role

# --- the workflow ------------------------------------------------------------------------------


def _move(
    actor: audit.Actor, stored: AnnualReport, new: ReportStatus, action: str, note: str = ""
) -> AnnualReport:
    current = ReportStatus(stored.status)
    if new not in TRANSITIONS[current]:
        raise ReportRefused(f"年度报告不能从“{current.label}”改为“{new.label}”。")
    stored.status = new
    stored.save()
    audit.record(
        actor=actor,
        action=f"annual_report.{action}",
        obj=stored,
        agency=stored.agency,
        changes={"status": {"before": current, "after": new}, "note": note},
    )
    return stored


def _blocking(stored: AnnualReport, today: dt.date | None = None) -> None:
    found = findings(stored, today=today)
    errors = [f for f in found if f.severity is Severity.ERROR]
    if errors:
        raise ReportRefused(
            f"还有 {len(errors)} 个错误未解决（{errors[0].message}）；改正后才能继续。"
        )
    pending = [f for f in found if checks.finding_key(f) not in stored.acknowledgements]
    if pending:
        raise ReportRefused(f"还有 {len(pending)} 个警告未书面确认（{pending[0].message}）。")


@transaction.atomic
def submit(
    *, actor: audit.Actor, stored: AnnualReport, today: dt.date | None = None
) -> AnnualReport:
    stored = _locked(stored)
    _require(actor, stored.agency, Role.CLERK, what="提交审核")
    _blocking(stored, today)
    stored.submitted_by = actor.user
    return _move(actor, stored, ReportStatus.SUBMITTED, "submit")


def _not_again(actor: audit.Actor, *before: Any) -> None:
    if any(user is not None and user.pk == getattr(actor.user, "pk", None) for user in before):
        raise ReportRefused("编制、审核、签发须由不同的人完成；您已参与前一环节。")


@transaction.atomic
def review(
    *, actor: audit.Actor, stored: AnnualReport, today: dt.date | None = None
) -> AnnualReport:
    stored = _locked(stored)
    _require(actor, stored.agency, Role.REVIEWER, what="审核年度报告")
    _not_again(actor, stored.submitted_by)
    _blocking(stored, today)
    stored.reviewed_by = actor.user
    return _move(actor, stored, ReportStatus.REVIEWED, "review")


@transaction.atomic
def sign(*, actor: audit.Actor, stored: AnnualReport, today: dt.date | None = None) -> AnnualReport:
    stored = _locked(stored)
    _require(actor, stored.agency, Role.LEADER, what="签发年度报告")
    _not_again(actor, stored.submitted_by, stored.reviewed_by)
    _blocking(stored, today)
    stored.signed_by = actor.user
    return _move(actor, stored, ReportStatus.SIGNED, "sign")


@transaction.atomic
def publish(
    *, actor: audit.Actor, stored: AnnualReport, today: dt.date | None = None
) -> AnnualReport:
    stored = _locked(stored)
    _require(actor, stored.agency, Role.CLERK, Role.LEADER, what="公开年度报告")
    _blocking(stored, today)
    day = today or timezone.localdate()
    report = replace(selectors.as_report(stored), published_on=day)
    stored.canonical = canonical.to_dict(report)
    # A publication date given explicitly (a report published on paper first, the demo) is
    # the portal's date too; otherwise it is now.
    stored.published_at = (
        timezone.make_aware(dt.datetime.combine(today, dt.time(9))) if today else timezone.now()
    )
    refresh_counts(stored, report, day)
    return _move(actor, stored, ReportStatus.PUBLISHED, "publish")


@transaction.atomic
def send_back(*, actor: audit.Actor, stored: AnnualReport, note: str) -> AnnualReport:
    stored = _locked(stored)
    if not _supervises(actor, stored.agency):
        _require(actor, stored.agency, Role.REVIEWER, Role.LEADER, what="退回年度报告")
    if len(note.strip()) < 2:
        raise ReportRefused("退回时请写明修改意见。")
    Comment.objects.create(
        report=stored,
        author=actor.user,
        kind=Comment.Kind.SEND_BACK,
        text=note.strip(),
        at=timezone.now(),
    )
    stored.submitted_by = stored.reviewed_by = stored.signed_by = None
    return _move(actor, stored, ReportStatus.DRAFT, "send_back", note.strip())


@transaction.atomic
def comment(*, actor: audit.Actor, stored: AnnualReport, text: str) -> Comment:
    if not _supervises(actor, stored.agency):
        _require(actor, stored.agency, Role.CLERK, Role.REVIEWER, Role.LEADER, what="发表意见")
    if not text.strip():
        raise ReportRefused("意见不能为空。")
    made = Comment.objects.create(
        report=stored, author=actor.user, text=text.strip(), at=timezone.now()
    )
    audit.record(
        actor=actor,
        action="annual_report.comment",
        obj=stored,
        agency=stored.agency,
        changes={"text": text.strip()},
    )
    return made
