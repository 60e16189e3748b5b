"""Writes for patrols, sweeps, bulletins and rectification (the second half of the services).

Each run stores its counts, the accounts not OK, and opens a Problem per finding unless the
same problem of the same account is still open, so a silent account is one problem until it
is rectified, not one a day.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction

from gongkai.media import bulletin as bulletin_core
from gongkai.media.patrol import Verdict, tally
from gongkai.media.sweep import AccountRecord, Category, PostRecord, patrol_problems, sweep
from gongkai.media.sweep import Problem as Found
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.cases.sms import Delivery, deliver, sms_sender
from gongkai_web.media_accounts import permissions, selectors
from gongkai_web.media_accounts.models import (
    Bulletin,
    MediaAccount,
    PatrolResult,
    PatrolRun,
    Post,
    PostStatus,
    Problem,
    ProblemStatus,
    RunKind,
)
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing.selectors import matcher_for

log = logging.getLogger(__name__)

# Rectification: 待整改 → 已报整改 → 已销号, or back to 待整改 when the report is not accepted.
PROBLEM_TRANSITIONS: dict[str, frozenset[str]] = {
    ProblemStatus.OPEN: frozenset({ProblemStatus.SUBMITTED}),
    ProblemStatus.SUBMITTED: frozenset({ProblemStatus.CLOSED, ProblemStatus.OPEN}),
    ProblemStatus.CLOSED: frozenset(),
}


def _check_supervisor(actor: audit.Actor, agency: Agency, what: str) -> None:
    if actor.user is not None and not permissions.can_supervise(actor.user, agency):
        raise PermissionDenied(f"只有{agency.name}或上级的政务公开办可以{what}")


def _store_problems(run: PatrolRun, found: Sequence[Found], on: dt.date) -> list[Problem]:
    open_keys: set[tuple[int, str, int | None]] = set(
        Problem.objects.filter(
            account_id__in={f.account_id for f in found}, status__in=_UNCLOSED
        ).values_list("account_id", "category", "post_id")
    )
    new = []
    for item in found:
        key = (item.account_id, item.category.value, item.post_id)
        if key in open_keys:
            continue
        open_keys.add(key)
        new.append(
            Problem(
                account_id=item.account_id,
                post_id=item.post_id,
                category=item.category,
                detail=item.detail[:1000],
                found_on=on,
                run=run,
            )
        )
    return Problem.objects.bulk_create(new)


_UNCLOSED = (ProblemStatus.OPEN, ProblemStatus.SUBMITTED)


def run_patrol(
    *, actor: audit.Actor, agency: Agency, on: dt.date, notify: bool = True
) -> PatrolRun:
    """每日巡查 of the agency's accounts and those below it, as of the end of ``on``."""
    _check_supervisor(actor, agency, "执行巡查")
    limits = selectors.thresholds()
    results = selectors.patrol_now(agency, on)
    counts = tally(results)
    with transaction.atomic():
        run = PatrolRun.objects.create(
            agency=agency,
            kind=RunKind.DAILY,
            on=on,
            ran_at=clock.now(),
            thresholds={
                "warn": limits.warn_days,
                "fail": limits.fail_days,
                "zombie": limits.zombie_days,
            },
            checked=len(results),
            warned=counts[Verdict.WARN],
            failed=counts[Verdict.FAIL],
            zombies=counts[Verdict.ZOMBIE],
        )
        _store_results(run, results)
        problems = _store_problems(run, patrol_problems(results), on)
        run.problems = len(problems)
        run.save(update_fields=["problems"])
        audit.record(
            actor=actor,
            action="media_patrol.daily",
            obj=run,
            agency=agency,
            changes={
                "on": on,
                "checked": run.checked,
                "failed": run.failed,
                "zombies": run.zombies,
            },
        )
    if notify:
        transaction.on_commit(lambda: notify_responsible(run, problems))
    return run


def _store_results(run: PatrolRun, results: Sequence[Any]) -> None:
    PatrolResult.objects.bulk_create(
        PatrolResult(
            run=run,
            account_id=r.account_id,
            verdict=r.verdict,
            days_since=r.days_since,
            last_post=r.since,
        )
        for r in results
        if r.verdict is not Verdict.OK
    )


def run_sweep(*, actor: audit.Actor, agency: Agency, on: dt.date, notify: bool = True) -> PatrolRun:
    """每周排查: the patrol, 错敏词 and 三审三校 in the seven days ending ``on``, the registry."""
    _check_supervisor(actor, agency, "执行排查")
    results = selectors.patrol_now(agency, on)
    accounts = list(selectors.open_accounts(agency, on).select_related("agency", "supervisor"))
    start = selectors.day_start(on - dt.timedelta(days=6))
    end = selectors.day_start(on + dt.timedelta(days=1))
    posts = [
        PostRecord(p.pk, p.account_id, p.title, p.body, p.published_at, p.review_complete)
        for p in Post.objects.filter(
            account__in=accounts,
            status=PostStatus.PUBLISHED,
            published_at__gte=start,
            published_at__lt=end,
        ).only("pk", "account_id", "title", "body", "published_at", "review_complete")
        if p.published_at is not None  # always: the filter reads a range of it
    ]
    found = sweep(
        patrol=results,
        accounts=[selectors.account_record(a) for a in accounts],
        posts=posts,
        dictionary=matcher_for(agency),
    )
    counts = tally(results)
    with transaction.atomic():
        run = PatrolRun.objects.create(
            agency=agency,
            kind=RunKind.WEEKLY,
            on=on,
            ran_at=clock.now(),
            thresholds={},
            checked=len(results),
            warned=counts[Verdict.WARN],
            failed=counts[Verdict.FAIL],
            zombies=counts[Verdict.ZOMBIE],
        )
        _store_results(run, results)
        problems = _store_problems(run, found, on)
        run.problems = len(problems)
        run.save(update_fields=["problems"])
        audit.record(
            actor=actor,
            action="media_patrol.weekly",
            obj=run,
            agency=agency,
            changes={"on": on, "checked": run.checked, "problems": len(found)},
        )
    if notify:
        transaction.on_commit(lambda: notify_responsible(run, problems))
    return run


def notify_responsible(run: PatrolRun, problems: Sequence[Problem]) -> int:
    """One message per account with new problems, to its responsible person."""
    by_account: dict[int, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_account[problem.account_id].append(problem)
    sent = 0
    for account in MediaAccount.objects.filter(pk__in=by_account):
        lines = [f"- {p.get_category_display()}：{p.detail}" for p in by_account[account.pk]]
        subject = f"政务新媒体“{account.name}”{run.get_kind_display()}发现 {len(lines)} 个问题"
        text = "\n".join(
            [
                f"{account.responsible or '责任人'}：",
                f"{run.on:%Y-%m-%d} {subject}：",
                *lines,
                "请及时整改。",
            ]
        )
        try:
            used = _notify(
                email=account.responsible_email,
                phone=account.responsible_phone,
                subject=subject,
                text=text,
            )
        except Exception:  # one unreachable address must not stop the others
            log.exception("could not notify the person responsible for %s", account)
            continue
        sent += bool(used)
    return sent


def _notify(*, email: str, phone: str, subject: str, text: str) -> list[str]:
    """Email through Django's mail backend; SMS through the applications' sender
    (GONGKAI_SMS_BACKEND, cases.sms), the subject line only. Returns the channels that
    delivered: an SMS only logged (no gateway configured) or refused is not one of them."""
    used = []
    if email:
        send_mail(subject, text, None, [email], fail_silently=False)
        used.append("email")
    if phone:
        result = deliver(sms_sender(), phone, f"【{settings.GONGKAI_SITE_NAME}】{subject}")
        if result.delivery is Delivery.SENT:
            used.append("sms")
    return used


# --- bulletins --------------------------------------------------------------------------------


def bulletin_problems(agency: Agency, year: int, quarter: int) -> list[Problem]:
    start, end = bulletin_core.quarter_window(year, quarter)
    return list(
        Problem.objects.filter(
            account__agency__path__startswith=agency.path, found_on__range=(start, end)
        ).select_related("account")
    )


def issue_bulletin(
    *,
    actor: audit.Actor,
    agency: Agency,
    year: int,
    quarter: int,
    issued_on: dt.date,
    deadline: dt.date,
    recipients: str = "各有关单位",
    number: str = "",
    copy_to: str = "",
) -> Bulletin:
    """季度通报: the accounts open at the quarter's end, the problems found in the quarter."""
    _check_supervisor(actor, agency, "印发通报")
    if Bulletin.objects.filter(agency=agency, year=year, quarter=quarter).exists():
        raise ValidationError(f"{year}年第{quarter}季度的通报已印发")
    _, end = bulletin_core.quarter_window(year, quarter)
    if issued_on <= end:
        raise ValidationError(f"季度通报应在季度结束（{end}）之后印发")
    accounts = [
        selectors.account_record(a)
        for a in selectors.open_accounts(agency, end).select_related("agency", "supervisor")
    ]
    checked = {a.account_id for a in accounts}
    listed = [p for p in bulletin_problems(agency, year, quarter) if p.account_id in checked]
    found = [Found(Category(p.category), p.account_id, p.detail, p.post_id) for p in listed]
    try:
        made = bulletin_core.build(
            issuer=agency.name,
            year=year,
            quarter=quarter,
            accounts=accounts,
            problems=found,
            issued_on=issued_on,
            deadline=deadline,
            recipients=recipients,
            number=number,
            copy_to=copy_to,
        )
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    content = {
        "recipients": recipients,
        "number": number,
        "copy_to": copy_to,
        "accounts": [_fields(a) for a in accounts],
        "problems": [_fields(f) for f in found],
    }
    with transaction.atomic():
        stored = Bulletin.objects.create(
            agency=agency,
            year=year,
            quarter=quarter,
            issued_on=issued_on,
            deadline=deadline,
            title=made.title,
            checked=made.checked,
            failed=made.failed,
            content=content,
            issued_by=actor.user,
        )
        Problem.objects.filter(pk__in=[p.pk for p in listed], status__in=_UNCLOSED).update(
            bulletin=stored, deadline=deadline
        )
        audit.record(
            actor=actor,
            action="media_bulletin.issued",
            obj=stored,
            agency=agency,
            changes={"title": made.title, "checked": made.checked, "failed": made.failed},
        )
    return stored


def _fields(value: Any) -> dict[str, Any]:
    return {name: audit.jsonable(getattr(value, name)) for name in value.__slots__}


def bulletin_of(stored: Bulletin) -> bulletin_core.Bulletin:
    """Rebuild the issued bulletin from what was stored, for its documents."""
    content = stored.content
    return bulletin_core.build(
        issuer=stored.agency.name,
        year=stored.year,
        quarter=stored.quarter,
        accounts=[AccountRecord(**a) for a in content["accounts"]],
        problems=[
            Found(Category(p["category"]), p["account_id"], p["detail"], p["post_id"])
            for p in content["problems"]
        ],
        issued_on=stored.issued_on,
        deadline=stored.deadline,
        recipients=content["recipients"],
        # Bulletins issued before the 发文字号 was asked for have none.
        number=content.get("number", ""),
        copy_to=content.get("copy_to", ""),
    )


# --- rectification ------------------------------------------------------------------------------


def _move(actor: audit.Actor, problem: Problem, to: str, **fields: Any) -> Problem:
    with transaction.atomic():
        locked = (
            Problem.objects.select_for_update().select_related("account__agency").get(pk=problem.pk)
        )
        if to not in PROBLEM_TRANSITIONS[locked.status]:
            raise ValidationError(
                f"问题当前为“{locked.get_status_display()}”，不能改为“{ProblemStatus(to).label}”"
            )
        before = locked.status
        locked.status = to
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        audit.record(
            actor=actor,
            action=f"media_problem.{to}",
            obj=locked,
            agency=locked.account.agency,
            changes={"status": {"before": before, "after": to}, **fields},
        )
    return locked


def submit_rectification(*, actor: audit.Actor, problem: Problem, text: str) -> Problem:
    if actor.user is not None and not permissions.can_operate(actor.user, problem.account.agency):
        raise PermissionDenied("只有账号所属单位可以报送整改情况")
    if not text.strip():
        raise ValidationError("请填写整改情况")
    return _move(actor, problem, ProblemStatus.SUBMITTED, rectification=text.strip())


def close_problem(*, actor: audit.Actor, problem: Problem, on: dt.date) -> Problem:
    _check_supervisor(actor, problem.account.agency, "销号")
    return _move(actor, problem, ProblemStatus.CLOSED, closed_on=on)


def reject_rectification(*, actor: audit.Actor, problem: Problem, reason: str) -> Problem:
    _check_supervisor(actor, problem.account.agency, "退回整改")
    if not reason.strip():
        raise ValidationError("请写明退回理由")
    return _move(
        actor,
        problem,
        ProblemStatus.OPEN,
        rectification=f"{problem.rectification}\n【退回】{reason}",
    )
