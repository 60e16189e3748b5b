"""The daily patrol over 10,000 accounts with 5,000,000 posts (issue 8: under 2 s).

SQLite by default; PostgreSQL when DATABASE_URL is set (a throwaway test database is created
beside the named one and dropped afterwards). The posts are generated inside the database
(INSERT … SELECT over a recursive CTE on SQLite, generate_series on PostgreSQL): no Python
loop over 5,000,000 rows. Baseline, in the same run: the bare
``SELECT account_id, MAX(published_at) FROM post GROUP BY account_id``, the least work any
patrol must do, over every post.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from pathlib import Path

ACCOUNTS = 10_000
POSTS = 5_000_000
ON = dt.date(2024, 6, 30)
# Account a's newest post is (a % 120) days before ON; older ones every 36 hours before it
# (the accounts here are numbered from 0 in insertion order).
# So about 10/120 are fresh, 4/120 warned, 76/120 failing and 30/120 zombies.


def _expected() -> dict[str, int]:
    from gongkai.media.patrol import Thresholds

    counts = {"ok": 0, "warn": 0, "fail": 0, "zombie": 0}
    for a in range(ACCOUNTS):
        counts[Thresholds().judge(a % 120).value] += 1
    return counts


def _setup() -> tuple[str, Path | None]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.settings")
    scratch = None
    if not os.environ.get("DATABASE_URL"):
        # a file in a scratch directory, not SQLite's in-memory test database
        scratch = Path(tempfile.mkdtemp(prefix="gongkai-bench-patrol-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'patrol.sqlite3'}"
    import django
    from django.db import connection

    django.setup()
    return connection.settings_dict["ENGINE"].rsplit(".", 1)[-1], scratch


def _generate(vendor: str) -> int:
    from django.db import connection, transaction

    from gongkai_web.media_accounts.models import MediaAccount, Post
    from gongkai_web.organizations.models import Agency

    agency = Agency.objects.create(
        name="基准测试机关",
        credit_code="11410402005099999X",
        level="county",
        kind="government",
        path="000001/",
        depth=0,
    )
    accounts, posts = MediaAccount._meta.db_table, Post._meta.db_table
    per_account = POSTS // ACCOUNTS
    with connection.cursor() as cursor:
        if vendor == "sqlite3":
            # a scratch database: no journal, no fsync while loading
            cursor.execute("PRAGMA journal_mode = OFF")
            cursor.execute("PRAGMA synchronous = OFF")
        constraints = connection.introspection.get_constraints(cursor, posts)
    # Loading into a table without its indexes, then building them sorted, is several
    # times faster than keeping two B-trees up to date row by row.
    indexes = {
        name: info["columns"]
        for name, info in constraints.items()
        if info["index"] and not info["primary_key"] and not info["unique"]
    }
    foreign = [
        name
        for name, info in constraints.items()
        if info["foreign_key"] and info["columns"] == ["account_id"]
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor != "sqlite3":
            # Checked row by row, so no deferred check blocks the ALTER TABLE below.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.executemany(
            f"INSERT INTO {accounts} (agency_id, platform, platform_other, name, handle, "
            "responsible, responsible_phone, responsible_email, operator, operator_phone, "
            "verification, state, opened_on, filing_no, rss_url) "
            "VALUES (%s, 'wechat', '', %s, '', '', '', '', '', '', 'verified', 'opened', "
            "%s, '', '')",
            [(agency.pk, f"账号{a}", dt.date(2019, 1, 1)) for a in range(ACCOUNTS)],
        )
        first = MediaAccount.objects.order_by("pk").values_list("pk", flat=True)[0]
        for name in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        if vendor != "sqlite3":
            for name in foreign:
                cursor.execute(f'ALTER TABLE {posts} DROP CONSTRAINT "{name}"')
        columns = (
            f"INSERT INTO {posts} (account_id, title, body, link, status, source, published_at, "
            "review_complete, round, drafted_at) "
        )
        # Row i belongs to account i / per_account and is its (i % per_account)-th newest.
        if vendor == "sqlite3":
            cursor.execute(
                columns + "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n "
                "WHERE i < %s) SELECT %s + i / %s, 'x', '', '', 'published', 'csv', "
                "datetime('2024-06-30 04:00:00', printf('-%%d hours', "
                "(i / %s) %% 120 * 24 + (i %% %s) * 36)), 1, 1, '2024-01-01 00:00:00' FROM n",
                [POSTS - 1, first, per_account, per_account, per_account],
            )
        else:
            cursor.execute(
                columns + "SELECT %s + i / %s, 'x', '', '', 'published', 'csv', "
                "timestamptz '2024-06-30 04:00:00+00' - make_interval(hours => "
                "((i / %s) %% 120 * 24 + (i %% %s) * 36)::int), true, 1, "
                "timestamptz '2024-01-01 00:00:00+00' FROM generate_series(0, %s) AS i",
                [first, per_account, per_account, per_account, POSTS - 1],
            )
        for name, cols in indexes.items():
            cursor.execute(f'CREATE INDEX "{name}" ON {posts} ({", ".join(cols)})')
        if vendor != "sqlite3":
            for name in foreign:
                cursor.execute(
                    f'ALTER TABLE {posts} ADD CONSTRAINT "{name}" FOREIGN KEY (account_id) '
                    f"REFERENCES {accounts} (id) DEFERRABLE INITIALLY DEFERRED"
                )
        cursor.execute("ANALYZE")
    return agency.pk


def main() -> None:
    from bench.timing import best_of

    vendor, scratch = _setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.media.patrol import tally
    from gongkai_web.media_accounts import selectors
    from gongkai_web.media_accounts.models import Post
    from gongkai_web.organizations.models import Agency

    creation = connection.creation
    original = connection.settings_dict["NAME"]
    if scratch is None:
        # PostgreSQL: a throwaway test_<name> database beside the one DATABASE_URL names
        creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    else:
        call_command("migrate", verbosity=0)
    try:
        started = time.perf_counter()
        agency = Agency.objects.get(pk=_generate(vendor))
        generated = time.perf_counter() - started

        table = Post._meta.db_table

        def bare_group_by() -> int:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT account_id, MAX(published_at) FROM {table} GROUP BY account_id"
                )
                return len(cursor.fetchall())

        results = selectors.patrol_now(agency, ON)
        counts = {v.value: n for v, n in tally(results).items()}
        assert counts == _expected(), counts
        base = best_of(bare_group_by, repeat=3)
        patrol = best_of(lambda: selectors.patrol_now(agency, ON), repeat=3)
        if vendor == "sqlite3":
            version = ".".join(map(str, connection.Database.sqlite_version_info))
        else:
            version = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
        print(f"database: {connection.vendor} {version}")
        print(f"generate {ACCOUNTS} accounts + {POSTS:,} posts in the database  {generated:8.1f} s")
        print(f"baseline: bare GROUP BY account MAX(published_at)   {base * 1000:8.0f} ms")
        print(
            f"daily patrol of {ACCOUNTS} accounts (SQL + verdicts)      {patrol * 1000:8.0f} ms  "
            f"({patrol / base:.2f}× baseline)  target < 2000 ms"
        )
        print(f"verdicts: {counts}")
    finally:
        if scratch is None:
            creation.destroy_test_db(original, verbosity=0)
        else:
            connection.close()
            shutil.rmtree(scratch)
