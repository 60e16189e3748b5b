"""Table 三 for one agency-year of 100,000 applications, against one plain GROUP BY.

Runs on a throw-away test database (SQLite in memory, or PostgreSQL when DATABASE_URL points
to it); the baseline is one ``GROUP BY applicant_column, outcome_row`` over the same
agency's rows, measured in the same run.
"""

from __future__ import annotations

import datetime as dt
import os
import random

from bench.timing import best_of

N = int(os.environ.get("GONGKAI_BENCH_APPLICATIONS", 100_000))
YEAR = 2024


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
    from django.db.models import Count
    from django.utils import timezone

    from gongkai.cases.counting import ApplicantColumn
    from gongkai.report.format2021 import OUTCOME_KEYS
    from gongkai.report.model import Report
    from gongkai.report.rules import check
    from gongkai_web.cases import selectors
    from gongkai_web.cases.models import Application
    from gongkai_web.organizations.models import Agency, Kind, Level

    agency = Agency.objects.create(
        name="基准测试机关",
        credit_code="11410402005000099X",
        level=Level.DEPARTMENT,
        kind=Kind.DEPARTMENT,
        path="000999/",
    )
    rand = random.Random(2024)
    columns = [c.value for c in ApplicantColumn]
    now = timezone.now()
    rows = []
    for i in range(N):
        received = dt.date(2023, 1, 1) + dt.timedelta(days=rand.randrange(3 * 365))
        closed = None
        if rand.random() < 0.9:
            closed = received + dt.timedelta(days=rand.randrange(60))
        rows.append(
            Application(
                agency=agency,
                tracking_number=f"B{i:09d}",
                channel="online",
                received_on=received,
                submitted_at=now,
                applicant_column=rand.choice(columns),
                applicant_name="申请人",
                id_type="passport",
                id_number="E1234567",
                phone="13800000000",
                description="基准",
                provision_form="email",
                delivery="email",
                state="archived" if closed else "in_progress",
                closed_on=closed,
                outcome_row=rand.choice(OUTCOME_KEYS) if closed else "",
            )
        )
    Application.objects.bulk_create(rows, batch_size=5000)

    def baseline() -> object:
        return list(
            Application.objects.filter(agency=agency)
            .values("applicant_column", "outcome_row")
            .annotate(n=Count("pk"))
        )

    table = selectors.table3(agency, YEAR)
    assert check(Report(agency=agency.name, year=YEAR, table3=table)) == []
    base = best_of(baseline)
    ours = best_of(lambda: selectors.table3(agency, YEAR))
    print(f"database: {vendor}; applications: {N:,} (one agency, received 2023–2025)")
    print(f"baseline: one GROUP BY over the agency's rows   {base * 1000:8.1f} ms   1×")
    print(
        f"table 三 for {YEAR} (one filtered GROUP BY)       {ours * 1000:8.1f} ms   "
        f"{ours / base:.2f}×"
    )
    print(
        f"counted: new {table['new'][6]:,}, carried {table['carried'][6]:,}, "
        f"closed {table['total'][6]:,}, carry_next {table['carry_next'][6]:,}"
    )
