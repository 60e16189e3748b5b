"""A report's numbers as a snapshot: tables from figures, token values, and the recompute diff."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from gongkai.report.format2021 import T3_ROW_KEYS, T3_WIDTH, T4_WIDTH
from gongkai.report.model import Report, Table2
from gongkai.report.rules import describe_cell
from gongkai_web.annual_reports.providers import Fact, Figure, Ref
from gongkai_web.annual_reports.providers.registry import (
    table2_cells,
    table3_cells,
    table4_cells,
)

ALL_CELLS = (*table2_cells(), *table3_cells(), *table4_cells())


def tables_report(agency: str, year: int, figures: Mapping[str, Figure]) -> Report:
    report = Report(
        agency=agency,
        year=year,
        table2=Table2(),
        table3={key: (0,) * T3_WIDTH for key in T3_ROW_KEYS},
        table4=(0,) * T4_WIDTH,
    )
    for cell in ALL_CELLS:
        report = report.with_cell(cell, figures[cell].value)
    return report


def cell_value(report: Report, cell: str) -> Any:
    if cell.startswith("table4["):
        return report.table4[int(cell[7:-1])]
    if cell.startswith("table3."):
        key, _, index = cell[7:].partition("[")
        return report.table3[key][int(index[:-1])]
    head, _, leaf = cell[7:].partition(".")
    value = getattr(report.table2, head)
    return getattr(value, leaf) if leaf else value


def with_corrections(report: Report, corrections: list[dict[str, Any]]) -> Report:
    for correction in corrections:
        value = correction["after"]
        report = report.with_cell(
            correction["cell"],
            Decimal(str(value)) if correction["cell"] == "table2.fees" else int(value),
        )
    return report


def drilldown(figures: Mapping[str, Figure]) -> dict[str, list[dict[str, Any]]]:
    return {cell: [r.as_dict() for r in f.refs] for cell, f in figures.items() if f.refs}


def facts_dict(facts: list[Fact]) -> dict[str, dict[str, Any]]:
    return {
        f.key: {
            "label": f.label,
            "unit": f.unit,
            "value": str(f.figure.value) if isinstance(f.figure.value, Decimal) else f.figure.value,
            "url": f.source_url,
            "refs": [r.as_dict() for r in f.figure.refs],
        }
        for f in facts
    }


def token_values(report: Report, facts: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    values: dict[str, Any] = {cell: cell_value(report, cell) for cell in ALL_CELLS}
    values |= {key: fact["value"] for key, fact in facts.items()}
    return values


@dataclass(frozen=True)
class Change:
    """One number that a recompute would change, and the records that make the difference."""

    key: str
    name: str
    before: Any
    after: Any
    added: tuple[Ref, ...]
    removed: tuple[Ref, ...]


def _refs(items: list[dict[str, Any]] | None) -> dict[tuple[str, int], Ref]:
    return {(r["model"], r["pk"]): Ref.from_dict(r) for r in items or []}


def _change(key: str, name: str, before: Any, after: Any, old: Any, new: Any) -> Change | None:
    was, now = _refs(old), _refs(new)
    added = tuple(now[k] for k in now if k not in was)
    removed = tuple(was[k] for k in was if k not in now)
    if str(before) == str(after) and not added and not removed:
        return None
    return Change(key, name, before, after, added, removed)


def diff(
    old_report: Report,
    old_drilldown: Mapping[str, list[dict[str, Any]]],
    old_facts: Mapping[str, Mapping[str, Any]],
    new_report: Report,
    new_drilldown: Mapping[str, list[dict[str, Any]]],
    new_facts: Mapping[str, Mapping[str, Any]],
) -> list[Change]:
    changes: list[Change] = []
    for cell in ALL_CELLS:
        found = _change(
            cell,
            describe_cell(cell),
            cell_value(old_report, cell),
            cell_value(new_report, cell),
            old_drilldown.get(cell),
            new_drilldown.get(cell),
        )
        if found:
            changes.append(found)
    for key in sorted(set(old_facts) | set(new_facts)):
        old, new = old_facts.get(key, {}), new_facts.get(key, {})
        found = _change(
            key,
            f"正文数字“{(new or old).get('label', key)}”",
            old.get("value"),
            new.get("value"),
            old.get("refs"),
            new.get("refs"),
        )
        if found:
            changes.append(found)
    return changes


def blank_sections(report: Report) -> Report:
    return replace(report, sections=None)
