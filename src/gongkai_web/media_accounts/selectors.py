"""Reads for the new-media matrix: last posts (in SQL), the matrix, the year's numbers."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import DateTimeField, F, Func, OuterRef, QuerySet, Subquery
from django.utils import timezone

from gongkai.media.patrol import AccountActivity, PatrolResult, Thresholds, patrol
from gongkai.media.sweep import AccountRecord
from gongkai.media.yearly import YearFigures as YearCounts
from gongkai_web.media_accounts.models import (
    Bulletin,
    MediaAccount,
    PatrolRun,
    Post,
    PostStatus,
    Problem,
    RunKind,
    Verification,
    open_on,
)
from gongkai_web.organizations.models import Agency


def thresholds() -> Thresholds:
    warn, fail, zombie = getattr(settings, "GONGKAI_MEDIA_THRESHOLDS", (10, 14, 90))
    return Thresholds(warn_days=warn, fail_days=fail, zombie_days=zombie)


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def accounts_under(agency: Agency) -> QuerySet[MediaAccount]:
    return MediaAccount.objects.filter(agency__path__startswith=agency.path)


def open_accounts(agency: Agency, day: dt.date) -> QuerySet[MediaAccount]:
    return accounts_under(agency).filter(open_on(day))


def with_last_post(accounts: QuerySet[MediaAccount], before: dt.datetime) -> QuerySet[Any]:
    """Each account with MAX(published_at) of its posts before ``before``, in one query.

    The MAX is a correlated aggregate (``SELECT MAX(published_at) FROM post WHERE
    account_id = account.id AND published_at < %s``), written as a plain function so Django
    adds no GROUP BY: SQLite and PostgreSQL then answer it with one seek into the
    (account, published_at) index per account, so the cost follows the number of accounts,
    not of posts (bench/bench_patrol.py measures it against the bare GROUP BY over all posts).
    """
    latest = (
        Post.objects.filter(account=OuterRef("pk"), published_at__lt=before)
        .order_by()
        .annotate(latest=Func(F("published_at"), function="MAX"))
        .values("latest")
    )
    return accounts.annotate(last_post=Subquery(latest, output_field=DateTimeField()))


def patrol_inputs(agency: Agency, on: dt.date) -> list[AccountActivity]:
    rows = with_last_post(open_accounts(agency, on), day_start(on + dt.timedelta(days=1)))
    return [
        AccountActivity(pk, timezone.localtime(last).date() if last else None, opened)
        for pk, opened, last in rows.values_list("pk", "opened_on", "last_post")
    ]


def patrol_now(agency: Agency, on: dt.date) -> list[PatrolResult]:
    return patrol(patrol_inputs(agency, on), on, thresholds())


def account_record(account: MediaAccount) -> AccountRecord:
    return AccountRecord(
        account_id=account.pk,
        name=account.name,
        platform=account.platform_label,
        unit=account.agency.name,
        handle=account.handle,
        supervisor=account.supervisor.name if account.supervisor else "",
        responsible=account.responsible,
        operator=account.operator,
        verified=account.verification == Verification.VERIFIED,
        filing_no=account.filing_no,
    )


@dataclass(frozen=True)
class MatrixRow:
    account: MediaAccount
    last_post: dt.date | None
    result: PatrolResult | None  # None for a closed account


@dataclass(frozen=True)
class Matrix:
    rows: list[MatrixRow]
    by_platform: list[tuple[str, int]]
    by_unit: list[tuple[str, list[MatrixRow]]]
    duplicates: list[str]  # "one unit, one account per platform" warnings


def matrix(agency: Agency, on: dt.date, *, include_closed: bool = False) -> Matrix:
    accounts = accounts_under(agency).select_related("agency", "supervisor")
    if not include_closed:
        accounts = accounts.filter(open_on(on))
    annotated = list(with_last_post(accounts, day_start(on + dt.timedelta(days=1))))
    activity = [
        AccountActivity(
            a.pk, timezone.localtime(a.last_post).date() if a.last_post else None, a.opened_on
        )
        for a in annotated
    ]
    results = {r.account_id: r for r in patrol(activity, on, thresholds())}
    rows = [
        MatrixRow(a, act.last_post, results[a.pk] if a.is_open else None)
        for a, act in zip(annotated, activity, strict=True)
    ]
    platforms = Counter(row.account.platform_label for row in rows if row.account.is_open)
    units: dict[str, list[MatrixRow]] = defaultdict(list)
    for row in rows:
        units[row.account.agency.name].append(row)
    twins = Counter(
        (row.account.agency.name, row.account.platform_label) for row in rows if row.account.is_open
    )
    warnings = [
        f"{unit}在{platform}开设了 {n} 个账号（原则上一个单位在同一平台只开设一个账号）"
        for (unit, platform), n in sorted(twins.items())
        if n > 1
    ]
    return Matrix(rows, sorted(platforms.items()), list(units.items()), warnings)


def year_counts(agency: Agency, year: int) -> YearCounts:
    """The numbers section 一（四） of the annual report quotes, for the agency and below."""
    start, end = day_start(dt.date(year, 1, 1)), day_start(dt.date(year + 1, 1, 1))
    posts = Post.objects.filter(
        account__agency__path__startswith=agency.path,
        status=PostStatus.PUBLISHED,
        published_at__gte=start,
        published_at__lt=end,
    )
    runs = PatrolRun.objects.filter(agency__path__startswith=agency.path, on__year=year)
    problems = Problem.objects.filter(account__agency__path__startswith=agency.path)
    return YearCounts(
        accounts_open=open_accounts(agency, dt.date(year, 12, 31)).count(),
        posts_published=posts.count(),
        posts_flagged=posts.filter(review_complete=False).count(),
        daily_patrols=runs.filter(kind=RunKind.DAILY).count(),
        weekly_sweeps=runs.filter(kind=RunKind.WEEKLY).count(),
        bulletins=Bulletin.objects.filter(agency__path__startswith=agency.path, year=year).count(),
        problems_found=problems.filter(found_on__year=year).count(),
        problems_fixed=problems.filter(closed_on__year=year).count(),
    )
