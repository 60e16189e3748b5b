"""Table 三 of many agencies at once, counted by the database (two GROUP BY queries).

The same four conditions as ``providers.cases`` and ``cases.selectors.table3`` (received by
31 December, not closed before 1 January; new/carried by the receipt date; carried to next
year when not closed by 31 December), grouped by agency as well. The supervisor's roll-up and
bench/bench_rollup.py use it; a test checks it against the record-by-record provider.
"""

from __future__ import annotations

import datetime as dt
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
    flows = (
        in_year.order_by()
        .values("agency_id", "applicant_column")
        .annotate(
            new=Count("pk", filter=Q(received_on__gte=first)),
            carried=Count("pk", filter=Q(received_on__lt=first)),
            carry_next=Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=last)),
        )
    )
    for flow in flows:
        table, column = counts[flow["agency_id"]], COLUMN[flow["applicant_column"]]
        for key in ("new", "carried", "carry_next"):
            table[key][column] += flow[key]
    outcomes = (
        in_year.filter(closed_on__lte=last)
        .order_by()
        .values("agency_id", "applicant_column", "outcome_row")
        .annotate(n=Count("pk"))
    )
    for outcome in outcomes:
        table = counts[outcome["agency_id"]]
        table[outcome["outcome_row"]][COLUMN[outcome["applicant_column"]]] += outcome["n"]
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
    """For every agency in ``paths``, the sum of the tables of the agencies strictly below it."""
    below: dict[int, list[Mapping[str, Row]]] = defaultdict(list)
    by_path = {path: pk for pk, path in paths.items()}
    for pk, table in tables.items():
        path = paths.get(pk)
        if path is None:
            continue
        parts = [p for p in path.split("/") if p]
        for n in range(1, len(parts)):
            ancestor = by_path.get("".join(f"{p}/" for p in parts[:n]))
            if ancestor is not None:
                below[ancestor].append(table)
    return {pk: add_tables(below.get(pk, [])) for pk in paths}
