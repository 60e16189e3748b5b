"""Every agency's table 三 and every roll-up for 5,000 agencies and 1,000,000 applications.

Issue 7: within 2× of the plain SQL aggregation over the same data, on SQLite (and on
PostgreSQL when DATABASE_URL points to it); and the supervisor's overview page of the 5,000
agencies. Runs on a throw-away test database. The baseline, measured in the same run, is one
plain ``GROUP BY agency_id, applicant_column, outcome_row`` over the year's rows, the least
any counting of table 三 must read. GONGKAI_BENCH_APPLICATIONS lowers the count for a quick run.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from typing import Any

from bench.timing import best_of

AGENCIES = 5_000
COUNTIES = 50  # 1 city government → 50 county governments → 99 departments each
N = int(os.environ.get("GONGKAI_BENCH_APPLICATIONS", 1_000_000))
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


def _agencies() -> list[int]:
    from gongkai_web.organizations.models import Agency, Kind, Level

    city = Agency.objects.create(
        name="基准市人民政府",
        credit_code="B" * 18,
        level=Level.CITY,
        kind=Kind.GOVERNMENT,
        path="000001/",
        depth=0,
    )
    rows = []
    per_county = AGENCIES // COUNTIES - 1
    for c in range(COUNTIES):
        county_path = f"{city.path}{c + 1:06d}/"
        rows.append(
            Agency(
                name=f"基准县{c:02d}人民政府",
                credit_code=f"C{c:017d}",
                level=Level.COUNTY,
                kind=Kind.GOVERNMENT,
                path=county_path,
                depth=1,
            )
        )
        for d in range(per_county):
            rows.append(
                Agency(
                    name=f"基准县{c:02d}部门{d:02d}",
                    credit_code=f"D{c:08d}{d:09d}",
                    level=Level.DEPARTMENT,
                    kind=Kind.DEPARTMENT,
                    path=f"{county_path}{d + 1:06d}/",
                    depth=2,
                )
            )
    Agency.objects.bulk_create(rows, batch_size=2000)
    return list(Agency.objects.exclude(pk=city.pk).values_list("pk", flat=True))


def _applications(agency_ids: list[int]) -> None:
    """A million rows by plain INSERTs: one template row's prepared values, seven varied.

    The ORM's bulk_create costs ~0.3 ms a row in Python (and SM4 for the encrypted fields);
    this measures counting, not loading, so rows go in through executemany.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.cases.counting import ApplicantColumn
    from gongkai.report.format2021 import OUTCOME_KEYS
    from gongkai_web.cases.models import Application

    template = Application(
        agency_id=agency_ids[0],
        tracking_number="B",
        channel="online",
        received_on=dt.date(2024, 1, 1),
        submitted_at=timezone.now(),
        applicant_column="natural_person",
        applicant_name="申请人",
        id_type="passport",
        id_number="E1234567",
        phone="13800000000",
        description="基准",
        provision_form="email",
        delivery="email",
        state="archived",
        outcome_row="granted",
    )
    fields = [f for f in Application._meta.concrete_fields if not f.primary_key]
    base = [f.get_db_prep_save(f.pre_save(template, True), connection) for f in fields]
    index = {f.attname: i for i, f in enumerate(fields)}
    table = connection.ops.quote_name(Application._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    day = connection.ops.adapt_datefield_value
    rand = random.Random(2024)
    kinds = [c.value for c in ApplicantColumn]
    varied = (
        "agency_id",
        "tracking_number",
        "received_on",
        "applicant_column",
        "state",
        "closed_on",
        "outcome_row",
    )
    at = [index[name] for name in varied]
    rows: list[list[object]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for i in range(N):
            received = dt.date(2023, 7, 1) + dt.timedelta(days=rand.randrange(640))
            closed = (
                received + dt.timedelta(days=rand.randrange(60)) if rand.random() < 0.9 else None
            )
            row = list(base)
            values = (
                rand.choice(agency_ids),
                f"B{i:09d}",
                day(received),
                rand.choice(kinds),
                "archived" if closed else "in_progress",
                day(closed) if closed else None,
                rand.choice(OUTCOME_KEYS) if closed else "",
            )
            for position, value in zip(at, values, strict=True):
                row[position] = value
            rows.append(row)
            if len(rows) == 50_000:
                cursor.executemany(sql, rows)
                rows = []
        if rows:
            cursor.executemany(sql, rows)


def _reports(agency_ids: list[int]) -> None:
    from gongkai_web.annual_reports.models import AnnualReport, ReportStatus
    from gongkai_web.organizations.models import Agency

    names = dict(Agency.objects.values_list("pk", "name"))
    statuses = [ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.PUBLISHED]
    AnnualReport.objects.bulk_create(
        [
            AnnualReport(
                agency_id=pk,
                agency_name=names[pk],
                year=YEAR,
                canonical={},
                status=statuses[i % 3],
                errors_count=i % 2,
                warnings_count=i % 4,
            )
            for i, pk in enumerate(agency_ids)
            if i % 5
        ],
        batch_size=2000,
    )


def run(vendor: str) -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client, override_settings
    from django.utils import timezone

    from gongkai.report.model import Report
    from gongkai.report.rules import check
    from gongkai_web.accounts.models import Profile
    from gongkai_web.annual_reports import aggregate
    from gongkai_web.organizations.models import Agency, Role, RoleGrant

    started = time.perf_counter()
    agency_ids = _agencies()
    _applications(agency_ids)
    _reports(agency_ids)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    loaded = time.perf_counter() - started
    paths = dict(Agency.objects.values_list("pk", "path"))
    first, last = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    table = connection.ops.quote_name("cases_application")
    plain_sql = (
        f"SELECT agency_id, applicant_column, outcome_row, COUNT(*) FROM {table} "
        "WHERE received_on <= %s AND NOT (closed_on IS NOT NULL AND closed_on < %s) "
        "GROUP BY agency_id, applicant_column, outcome_row"
    )

    def baseline() -> object:
        with connection.cursor() as cursor:
            cursor.execute(plain_sql, [last, first])
            return cursor.fetchall()

    def ours() -> tuple[dict[int, Any], dict[int, Any]]:
        flat = aggregate.flat_tables(YEAR)
        rolled = aggregate.rollups(flat, paths)
        as_table = aggregate.as_table
        return (
            {pk: as_table(t) for pk, t in flat.items()},
            {pk: as_table(t) for pk, t in rolled.items()},
        )

    tables, rolled = ours()
    city = Agency.objects.get(depth=0)
    assert rolled[city.pk] == aggregate.add_tables(tables.values())
    assert all(not check(Report(agency="x", year=YEAR, table3=t)) for t in tables.values())
    base = best_of(baseline, 3)
    mine = best_of(ours, 3)

    print(
        f"database: {vendor}; agencies: {len(paths):,}; applications: {N:,} "
        f"(received 2023-07 … 2025-03); loaded in {loaded:.0f} s"
    )
    print(f"baseline: one plain SQL GROUP BY agency, column, outcome  {base * 1000:8.1f} ms   1×")
    print(
        f"every agency's table 三 + every roll-up ({len(rolled):,})   {mine * 1000:8.1f} ms   "
        f"{mine / base:.2f}×"
    )
    sys.stdout.flush()

    user = User.objects.create_user("bench_supervisor", password="x")
    Profile.objects.update_or_create(user=user, defaults={"must_change_password": False})
    RoleGrant.objects.create(
        user=user, agency=city, role=Role.SUPERVISOR, granted_at=timezone.now()
    )
    with override_settings(ALLOWED_HOSTS=["localhost"]):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        client.get("/reports/overview/", {"year": YEAR})
        page = best_of(lambda: client.get("/reports/overview/", {"year": YEAR}), 5)
        html = client.get("/reports/overview/", {"year": YEAR}).content.decode()
    rows = html.count("<tr data-")
    assert rows == len(paths), "the overview did not list every agency"

    print(f"overview page, {rows:,} agencies (best of 5)            {page * 1000:8.1f} ms")
