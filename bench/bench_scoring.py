"""Scoring a year of records (量化考核): 100,000 items through the standard, then both tables.

Baseline, in the same run: one plain pass that looks up each item's points in a dict and adds
them up per unit, the least work any scorer must do. The ratio says what the traceable lines
(one Line per record, with its source) and the ranked tables cost beyond it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from bench.timing import best_of
from gongkai.scoring.score import Item, Period, Source, by_person, by_unit, score, window
from gongkai.scoring.standard import AwardKind, DeductionKind, OutletLevel, parse_standard

N = 100_000
STANDARD = {
    "name": "记分标准",
    "awards": {"post.own": "0.1", "entry.own": "0.5", "report.city": "3", "report.national": "10"},
    "deductions": {"patrol_problem": "2", "late_reply": "5"},
}
KINDS = (
    [AwardKind.POST] * 80
    + [AwardKind.ENTRY] * 10
    + [AwardKind.REPORT] * 4
    + [DeductionKind.PATROL_PROBLEM] * 5
    + [DeductionKind.LATE_REPLY]
)


def _items(rng: random.Random) -> list[Item]:
    start = dt.date(2024, 1, 1)
    out = []
    for pk in range(N):
        kind = rng.choice(KINDS)
        level = (
            rng.choice([OutletLevel.CITY, OutletLevel.NATIONAL])
            if kind == "report"
            else OutletLevel.OWN
        )
        unit = rng.randrange(60)
        out.append(
            Item(
                source=Source("m.x", pk, f"记录{pk}", f"/x/{pk}/"),
                kind=kind,
                on=start + dt.timedelta(days=rng.randrange(366)),
                unit_id=unit,
                unit=f"单位{unit}",
                person_id=rng.randrange(600),
                person="某人",
                level=level,
            )
        )
    return out


def main() -> None:
    items = _items(random.Random(2024))
    standard = parse_standard(STANDARD)
    start, end = window(2024, Period.YEAR_END)
    points = {(k, OutletLevel.OWN): p for (k, _), p in standard.awards.items()}
    points |= {(k, lv): p for (k, lv), p in standard.awards.items()}
    points |= {(k, OutletLevel.OWN): -p for k, p in standard.deductions.items()}

    def baseline() -> dict[int, Decimal]:
        sums: dict[int, Decimal] = defaultdict(Decimal)
        for item in items:
            sums[item.unit_id] += points.get((item.kind, item.level), Decimal(0))
        return sums

    def full() -> None:
        lines = score(items, standard, start, end)
        by_unit(lines)
        by_person(lines)

    base = best_of(baseline, 3)
    took = best_of(full, 3)
    print(f"items: {N:,}  baseline (dict sum per unit): {base * 1000:.0f} ms")
    print(f"score + unit and person tables: {took * 1000:.0f} ms  ratio {took / base:.1f}x")
