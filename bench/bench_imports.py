"""Imports of work done outside the system: thousands of rows entered in one transaction.

Two imports are timed: a platform's export of published posts (media_accounts.import_posts)
and a 台账 of closed applications (cases.ledger.save). Baseline: the same number of rows
written by one bare ``bulk_create`` of the records and one of their audit-free events, the
least an import can cost. Runs on a throw-away test database: SQLite in memory, or PostgreSQL
when DATABASE_URL points to it. Rows: GONGKAI_BENCH_IMPORT_ROWS (default 2000).
"""

from __future__ import annotations

import os
import time

N = int(os.environ.get("GONGKAI_BENCH_IMPORT_ROWS", 2000))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.settings")
    import django

    django.setup()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(connection.vendor)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(vendor: str) -> None:
    import datetime as dt

    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils import timezone

    from gongkai.media.imports import ImportedPost
    from gongkai_web.audit import services as audit
    from gongkai_web.cases import ledger
    from gongkai_web.cases import services as cases
    from gongkai_web.media_accounts import services
    from gongkai_web.media_accounts.models import Platform, Post, PostSource
    from gongkai_web.organizations import demo as organizations_demo
    from gongkai_web.organizations.models import Agency

    organizations_demo.load()
    bureau = Agency.objects.get(name="新华区教育局")
    clerk = audit.Actor(user=User.objects.get(username="jiaoyu_clerk"), agency=bureau)
    accounts = [
        services.register_account(
            actor=clerk, agency=bureau, platform=Platform.WECHAT, name=f"基准测试号{i}",
            opened_on=dt.date(2020, 1, 1),
        )[0]
        for i in range(2)
    ]  # fmt: skip
    start = timezone.make_aware(dt.datetime(2024, 1, 1, 9))
    rows = [
        ImportedPost(i + 2, f"工作动态 {i}", start + dt.timedelta(hours=i), body="正文" * 200)
        for i in range(N)
    ]

    def timed(work: object) -> float:
        began = time.perf_counter()
        with transaction.atomic():
            work()  # type: ignore[operator]
        return time.perf_counter() - began

    def baseline() -> None:
        Post.objects.bulk_create(
            Post(
                account=accounts[0],
                title=p.title,
                body=p.body,
                published_at=p.published_at,
                drafted_at=start,
            )
            for p in rows
        )

    def posts() -> None:
        services.import_posts(actor=clerk, account=accounts[1], posts=rows, source=PostSource.CSV)

    applicant = cases.clean_applicant(
        cases.ApplicantData(
            column="natural_person", name="张三", id_type="resident_id",
            id_number="11010519491231002X", phone="13800138000", description="2024年学校名单",
            provision_form="paper", delivery="collect",
        )
    )  # fmt: skip
    parsed = [
        ledger.Parsed(
            i + 2,
            applicant,
            "in_person",
            dt.date(2024, 3, 1),
            "granted",
            dt.date(2024, 3, 20),
            f"文号{i}",
        )
        for i in range(N)
    ]

    def cases_ledger() -> None:
        ledger.save(actor=clerk, agency=bureau, parsed=parsed)

    b = timed(baseline)
    p = timed(posts)
    c = timed(cases_ledger)
    print(f"database: {vendor}; {N} rows each; one transaction per import")
    print(f"  baseline  bulk_create of {N} posts          {b:7.2f} s")
    print(f"  import    posts (import_posts)             {p:7.2f} s  {p / b:5.1f}×")
    print(f"  import    台账 of closed cases (ledger.save) {c:7.2f} s  {c / b:5.1f}×")
