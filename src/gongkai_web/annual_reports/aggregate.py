"""Table 三 of many agencies at once, counted by the database (one GROUP BY query).

The same four conditions as ``providers.cases`` and ``cases.selectors.table3`` (received by
31 December, not closed before 1 January; new/carried by the receipt date; carried to next
year when not closed by 31 December), grouped by agency as well. The supervisor's roll-up and
bench/bench_rollup.py use it; a test checks it against the record-by-record provider.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Mapping

from django.db import connection
from django.db.models import Count, Q

from gongkai.cases.counting import ApplicantColumn
from gongkai.report.format2021 import OUTCOME_KEYS, T3_ROW_KEYS, T3_WIDTH
from gongkai.report.model import Row
from gongkai_web.cases.models import Application

COLUMN = {c.value: c.index for c in ApplicantColumn}
W = T3_WIDTH
ROW = {key: i for i, key in enumerate(T3_ROW_KEYS)}
OUTCOMES = [ROW[key] for key in OUTCOME_KEYS]
ROW_AT = {key: ROW[key] * W for key in OUTCOME_KEYS}
SIZE = len(T3_ROW_KEYS) * W
TOTAL = ROW["total"] * W
FLOWS = (
    ("new", ROW["new"] * W),
    ("carried", ROW["carried"] * W),
    ("carry_next", ROW["carry_next"] * W),
)

# A table is one flat list of 25 × 7 counts while it is summed: a dict of rows per agency
# costs more than the database's GROUP BY itself at 5,000 agencies.
Flat = list[int]


def table3_by_agency(year: int, *, under_path: str | None = None) -> dict[int, dict[str, Row]]:
    return {pk: as_table(flat) for pk, flat in flat_tables(year, under_path=under_path).items()}


def flat_tables(year: int, *, under_path: str | None = None) -> dict[int, Flat]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    in_year = Application.objects.filter(received_on__lte=last).exclude(closed_on__lt=first)
    if under_path is not None:
        in_year = in_year.filter(agency__path__startswith=under_path)
    # One GROUP BY: the flows are conditional counts beside the outcome row's count.
    groups = (
        in_year.order_by()
        .values_list("agency_id", "applicant_column", "outcome_row")
        .annotate(
            new=Count("pk", filter=Q(received_on__gte=first)),
            carried=Count("pk", filter=Q(received_on__lt=first)),
            carry_next=Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=last)),
            closed=Count("pk", filter=Q(closed_on__lte=last)),
        )
    )
    # The ORM builds the query; its rows are read straight from the cursor (at a million
    # applications there are ~650,000 groups, and the ORM's row iterator would double the time).
    sql, params = groups.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    counts: dict[int, Flat] = {}
    new_at, carried_at, next_at = (at for _, at in FLOWS)
    for agency_id, column_key, outcome, new, carried, carry_next, closed in found:
        table = counts.get(agency_id)
        if table is None:
            table = counts[agency_id] = [0] * SIZE
        column = COLUMN[column_key]
        table[new_at + column] += new
        table[carried_at + column] += carried
        table[next_at + column] += carry_next
        if closed:
            row = ROW_AT.get(outcome)
            if row is not None:
                table[row + column] += closed
    for table in counts.values():
        finish(table)
    return counts


def finish(table: Flat) -> None:
    """The 总计 row (sum of the outcome rows) and the 总计 column (sum of the six columns)."""
    outcome_rows = [table[r * W : r * W + W - 1] for r in OUTCOMES]
    table[TOTAL : TOTAL + W - 1] = list(map(sum, zip(*outcome_rows, strict=True)))
    for start in range(0, SIZE, W):
        table[start + W - 1] = sum(table[start : start + W - 1])


def as_table(flat: Flat) -> dict[str, Row]:
    return {key: tuple(flat[i * W : i * W + W]) for key, i in ROW.items()}


def add_tables(tables: Iterable[Mapping[str, Row]]) -> dict[str, Row]:
    out = [0] * SIZE
    for table in tables:
        out = list(map(operator.add, out, (c or 0 for key in T3_ROW_KEYS for c in table[key])))
    return as_table(out)


def rollups(tables: Mapping[int, Flat], paths: Mapping[int, str]) -> dict[int, Flat]:
    """For every agency in ``paths``, the sum of the flat tables of the agencies strictly below.

    Bottom-up: each agency's subtree total (its own table plus what is below it) is added once
    into its parent, so the work follows the number of agencies, not their depth.
    """
    by_path = {path: pk for pk, path in paths.items()}
    parent = {
        pk: by_path.get(path[: path.rstrip("/").rfind("/") + 1]) for pk, path in paths.items()
    }
    below: dict[int, Flat] = {}
    for pk in sorted(paths, key=lambda k: paths[k].count("/"), reverse=True):
        mine, own = below.get(pk), tables.get(pk)
        if own is not None:
            mine = list(map(operator.add, mine, own)) if mine is not None else own
        up = parent[pk]
        if up is not None and mine is not None:
            into = below.get(up)
            below[up] = list(map(operator.add, into, mine)) if into is not None else list(mine)
    zero = [0] * SIZE
    return {pk: below.get(pk, zero) for pk in paths}
