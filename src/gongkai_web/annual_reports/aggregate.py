"""Table 三 of many agencies at once, counted by the database (one GROUP BY query).

The same four conditions as ``providers.cases`` and ``cases.selectors.table3`` (received by
31 December, not closed before 1 January; new/carried by the receipt date; carried to next
year when not closed by 31 December), grouped by agency as well. The supervisor's roll-up and
bench/bench_rollup.py use it; a test checks it against the record-by-record provider.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db.models import Count, Q

from gongkai.cases.counting import ApplicantColumn, finish_table3
from gongkai.report.format2021 import T3_ROW_KEYS, T3_WIDTH
from gongkai.report.model import Row
from gongkai_web.cases.models import Application

COLUMN = {c.value: c.index for c in ApplicantColumn}
Counts = dict[str, list[int]]


def table3_by_agency(year: int, *, under_path: str | None = None) -> dict[int, dict[str, Row]]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    in_year = Application.objects.filter(received_on__lte=last).exclude(closed_on__lt=first)
    if under_path is not None:
        in_year = in_year.filter(agency__path__startswith=under_path)
    counts: dict[int, Counts] = defaultdict(lambda: {k: [0] * T3_WIDTH for k in T3_ROW_KEYS})
    # One GROUP BY: the flows are conditional counts beside the outcome row's count.
    groups = (
        in_year.order_by()
        .values("agency_id", "applicant_column", "outcome_row")
        .annotate(
            new=Count("pk", filter=Q(received_on__gte=first)),
            carried=Count("pk", filter=Q(received_on__lt=first)),
            carry_next=Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=last)),
            closed=Count("pk", filter=Q(closed_on__lte=last)),
        )
    )
    for group in groups:
        table, column = counts[group["agency_id"]], COLUMN[group["applicant_column"]]
        for key in ("new", "carried", "carry_next"):
            table[key][column] += group[key]
        if group["closed"] and group["outcome_row"] in table:
            table[group["outcome_row"]][column] += group["closed"]
    return {agency_id: finish_table3(table) for agency_id, table in counts.items()}


def add_tables(tables: Iterable[Mapping[str, Row]]) -> dict[str, Row]:
    out = {key: [0] * T3_WIDTH for key in T3_ROW_KEYS}
    for table in tables:
        for key in T3_ROW_KEYS:
            row = out[key]
            for i, cell in enumerate(table[key]):
                row[i] += cell or 0
    return {key: tuple(row) for key, row in out.items()}


def rollups(
    tables: Mapping[int, Mapping[str, Row]], paths: Mapping[int, str]
) -> dict[int, dict[str, Row]]:
    """For every agency in ``paths``, the sum of the tables of the agencies strictly below it.

    Bottom-up: each agency's subtree total (its own table plus its children's subtree totals)
    is added once into its parent, so the work follows the number of agencies, not depth².
    """
    by_path = {path: pk for pk, path in paths.items()}
    parent = {
        pk: by_path.get(path[: path.rstrip("/").rfind("/") + 1]) for pk, path in paths.items()
    }
    zero = [0] * T3_WIDTH
    below: dict[int, dict[str, list[int]]] = {}
    subtree: dict[int, dict[str, list[int]]] = {}
    for pk in sorted(paths, key=lambda k: paths[k].count("/"), reverse=True):
        mine = below.get(pk)
        own = tables.get(pk)
        if own is not None:
            mine = {
                k: list(map(operator.add, mine[k] if mine else zero, own[k])) for k in T3_ROW_KEYS
            }
        subtree[pk] = mine if mine is not None else {}
        up = parent[pk]
        if up is not None and mine is not None:
            into = below.get(up)
            below[up] = (
                {k: list(map(operator.add, into[k], mine[k])) for k in T3_ROW_KEYS}
                if into is not None
                else {k: list(mine[k]) for k in T3_ROW_KEYS}
            )
    empty = {k: tuple(zero) for k in T3_ROW_KEYS}
    return {
        pk: {k: tuple(v) for k, v in below[pk].items()} if pk in below else dict(empty)
        for pk in paths
    }
