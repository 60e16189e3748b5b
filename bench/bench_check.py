"""Checking 10,000 reports (issue 2: under 1 s on one core).

Baseline, in the same run: one plain pass that adds up every table 三 and 四 cell of the same
reports, the least work any checker must do. The ratio says what the rules cost beyond it.
"""

from __future__ import annotations

import random

from bench.timing import best_of
from gongkai.report import check, dumps, loads
from gongkai.report.format2021 import OUTCOME_KEYS, T3_ROW_KEYS
from gongkai.report.model import DocCounts, Report, Table2

N = 10_000


def _report(rng: random.Random, year: int) -> Report:
    def row(parts: list[int]) -> tuple[int, ...]:
        return (*parts, sum(parts))

    outcomes = {k: [rng.randint(0, 9) for _ in range(6)] for k in OUTCOME_KEYS}
    total = [sum(outcomes[k][c] for k in OUTCOME_KEYS) for c in range(6)]
    nxt = [rng.randint(0, 5) for _ in range(6)]
    carried = [rng.randint(0, total[c] + nxt[c]) for c in range(6)]
    new = [total[c] + nxt[c] - carried[c] for c in range(6)]
    t3 = {"new": row(new), "carried": row(carried), "total": row(total), "carry_next": row(nxt)}
    t3.update({k: row(v) for k, v in outcomes.items()})
    t4: list[int] = []
    for _ in range(3):
        parts = [rng.randint(0, 3) for _ in range(4)]
        t4 += [*parts, sum(parts)]
    docs = DocCounts(rng.randint(0, 5), rng.randint(0, 5), rng.randint(0, 50))
    return Report(
        agency=f"机关{rng.randint(1, 5000)}",
        year=year,
        table2=Table2(docs, docs, rng.randint(0, 99), 0, 0, rng.randint(0, 9)),
        table3={k: t3[k] for k in T3_ROW_KEYS},
        table4=tuple(t4),
    )


def _baseline(reports: list[Report]) -> int:
    total = 0
    for r in reports:
        for row in r.table3.values():
            total += sum(row)  # type: ignore[arg-type]
        total += sum(r.table4)  # type: ignore[arg-type]
    return total


def main() -> None:
    rng = random.Random(2024)
    reports = [_report(rng, 2024) for _ in range(N)]
    previous = [_report(rng, 2023) for _ in range(N)]
    texts = [dumps(r, indent=None) for r in reports]

    base = best_of(lambda: _baseline(reports))
    plain = best_of(lambda: [check(r) for r in reports])
    across = best_of(lambda: [check(r, p) for r, p in zip(reports, previous, strict=True)])
    with_load = best_of(lambda: [check(loads(t)) for t in texts], repeat=3)
    assert all(not check(r) for r in reports)

    print(f"baseline: sum every cell of {N} reports     {base * 1000:8.1f} ms")
    print(
        f"check {N} reports (5 rules)              {plain * 1000:8.1f} ms  "
        f"({plain / base:.1f}× baseline)  target < 1000 ms"
    )
    print(
        f"check {N} reports with last year's (7)   {across * 1000:8.1f} ms  "
        f"({across / base:.1f}× baseline)"
    )
    print(
        f"parse canonical JSON + check {N} reports {with_load * 1000:8.1f} ms  "
        f"({with_load / base:.1f}× baseline)"
    )
