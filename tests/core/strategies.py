"""Hypothesis strategies: reports whose counts are consistent by construction."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from gongkai.report.format2021 import OUTCOME_KEYS, T3_TOTAL_INDEX
from gongkai.report.model import DocCounts, Report, Row, Table2

count = st.integers(min_value=0, max_value=500)


def _with_total(parts: list[int]) -> Row:
    return (*parts, sum(parts))


@st.composite
def consistent_reports(draw: st.DrawFn) -> Report:
    """Every cell drawn, every sum computed: such a report must pass every rule."""
    six = st.lists(count, min_size=T3_TOTAL_INDEX, max_size=T3_TOTAL_INDEX)
    outcomes = {key: draw(six) for key in OUTCOME_KEYS}
    total = [sum(outcomes[key][c] for key in OUTCOME_KEYS) for c in range(6)]
    carry_next = draw(six)
    carried = [min(draw(count), total[c] + carry_next[c]) for c in range(6)]
    new = [total[c] + carry_next[c] - carried[c] for c in range(6)]
    table3 = {
        "new": _with_total(new),
        "carried": _with_total(carried),
        **{key: _with_total(parts) for key, parts in outcomes.items()},
        "total": _with_total(total),
        "carry_next": _with_total(carry_next),
    }
    table4: list[int] = []
    for _ in range(3):
        results = draw(st.lists(count, min_size=4, max_size=4))
        table4 += [*results, sum(results)]
    docs = st.builds(DocCounts, count, count, count)
    fees = st.decimals(min_value=0, max_value=10_000, places=2).map(lambda d: d.normalize())
    table2 = Table2(draw(docs), draw(docs), draw(count), draw(count), draw(count), draw(fees))
    return Report(
        agency=draw(st.sampled_from(["新华区教育局", "卫东区人民政府", "某市审计局"])),
        year=draw(st.integers(min_value=2021, max_value=2030)),
        table2=table2,
        table3=table3,
        table4=tuple(table4),
    )


def table_cells() -> list[str]:
    """Paths of every table 三 and 四 cell: the cells the sum rules cover."""
    from gongkai.report.format2021 import T3_ROW_KEYS

    return [f"table3.{key}[{i}]" for key in T3_ROW_KEYS for i in range(7)] + [
        f"table4[{i}]" for i in range(15)
    ]


ZERO = Decimal(0)
