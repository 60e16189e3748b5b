"""The consistency rules of report-json.md, each a small named function.

A rule yields findings; ``check`` runs them all. Cells that are unknown (``None``, as a
parser leaves them) take no part: a sum with an unknown term is neither right nor wrong,
and the parser reports the unknown cell itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from gongkai.report.format2021 import (
    OUTCOME_KEYS,
    T2_DOC_KEYS,
    T3_COLUMNS,
    T3_ROW_KEYS,
    T3_TOTAL_INDEX,
    T4_GROUP_WIDTH,
    T4_GROUPS,
    T4_RESULTS,
    t3_row_description,
)
from gongkai.report.model import Cell, Report


class Severity(StrEnum):
    ERROR = "error"  # blocks the next step until corrected
    WARNING = "warning"  # needs a written acknowledgement
    NOTICE = "notice"  # shown to the drafter with its fix; never blocks (text hygiene)


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    where: str  # the cell the finding is about, e.g. "table3.total[6]"
    message: str  # one sentence a clerk understands
    found: object = None  # the number in the cell
    expected: object = None  # what the rule computes for it
    cells: tuple[str, ...] = ()  # every cell the rule compared, ``where`` included

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "where": self.where,
            "message": self.message,
            "found": _plain(self.found),
            "expected": _plain(self.expected),
            "cells": list(self.cells),
        }


def _plain(value: object) -> object:
    return float(value) if isinstance(value, Decimal) else value


Rule = Callable[[Report], Iterator[Finding]]


def t3_row_total(report: Report) -> Iterator[Finding]:
    """T3-ROW-TOTAL: in every row, 总计 equals the sum of the six applicant columns."""
    for key in T3_ROW_KEYS:
        row = report.table3[key]
        total = row[T3_TOTAL_INDEX]
        if total is None or None in row:
            continue
        parts = row[0] + row[1] + row[2] + row[3] + row[4] + row[5]  # type: ignore[operator]
        if parts != total:
            yield Finding(
                "T3-ROW-TOTAL",
                Severity.ERROR,
                f"table3.{key}[6]",
                f"表三“{t3_row_description(key)}”一行的总计为 {total}，"
                f"但六类申请人之和为 {parts}，两者应相等。",
                total,
                parts,
                tuple(f"table3.{key}[{i}]" for i in range(7)),
            )


def t3_outcome_sum(report: Report) -> Iterator[Finding]:
    """T3-OUTCOME-SUM: per column, （七）总计 equals the sum of the outcome rows, granted … other_3.

    report-json.md says "22 outcome rows"; the format has 21 (rows 3–23), and 总计 is the 22nd.
    """
    t3 = report.table3
    outcome_rows = [t3[key] for key in OUTCOME_KEYS]
    total_row = t3["total"]
    for col in range(7):
        total = total_row[col]
        if total is None:
            continue
        parts: Cell = 0
        for row in outcome_rows:
            cell = row[col]
            if cell is None:
                parts = None
                break
            parts += cell  # type: ignore[operator]
        if parts is None or parts == total:
            continue
        yield Finding(
            "T3-OUTCOME-SUM",
            Severity.ERROR,
            f"table3.total[{col}]",
            f"表三“{T3_COLUMNS[col]}”一列：（七）总计为 {total}，"
            f"但（一）至（六）各项办理结果之和为 {parts}，两者应相等。",
            total,
            parts,
            (f"table3.total[{col}]", *(f"table3.{key}[{col}]" for key in OUTCOME_KEYS)),
        )


def t3_balance(report: Report) -> Iterator[Finding]:
    """T3-BALANCE: per column, new + carried = total + carry_next (the printed 勾稽关系)."""
    t3 = report.table3
    new, carried, total, nxt = t3["new"], t3["carried"], t3["total"], t3["carry_next"]
    for col in range(7):
        a, b, c, d = new[col], carried[col], total[col], nxt[col]
        if a is None or b is None or c is None or d is None:
            continue
        if a + b != c + d:
            yield Finding(
                "T3-BALANCE",
                Severity.ERROR,
                f"table3.carry_next[{col}]",
                f"表三“{T3_COLUMNS[col]}”一列不平衡：本年新收 {a} 加上年结转 {b} 为 {a + b}，"
                f"而办理结果总计 {c} 加结转下年度 {d} 为 {c + d}，两者应相等。",
                c + d,
                a + b,
                tuple(f"table3.{k}[{col}]" for k in ("new", "carried", "total", "carry_next")),
            )


def t4_group_sum(report: Report) -> Iterator[Finding]:
    """T4-GROUP-SUM: in each group of table 四, 总计 equals the sum of the four results."""
    t4 = report.table4
    for g, name in enumerate(T4_GROUPS):
        start = g * T4_GROUP_WIDTH
        cells = t4[start : start + T4_GROUP_WIDTH]
        if None in cells:
            continue
        parts = cells[0] + cells[1] + cells[2] + cells[3]  # type: ignore[operator]
        if parts != cells[4]:
            yield Finding(
                "T4-GROUP-SUM",
                Severity.ERROR,
                f"table4[{start + 4}]",
                f"表四“{name}”的总计为 {cells[4]}，但{'、'.join(T4_RESULTS[:4])}之和为 {parts}，"
                "两者应相等。",
                cells[4],
                parts,
                tuple(f"table4[{start + i}]" for i in range(T4_GROUP_WIDTH)),
            )


def t_integer(report: Report) -> Iterator[Finding]:
    """T-INTEGER: counts are whole numbers ≥ 0; the fee amount is a number ≥ 0."""
    if _all_whole(report):
        return  # the common case, checked without naming every cell
    for where, cell in _all_cells(report):
        if cell is None:
            continue
        if where == "table2.fees":
            if cell < 0:
                yield _bad_number(where, cell, "收费金额不能为负数。")
        elif isinstance(cell, Decimal):
            yield _bad_number(where, cell, "件数应为整数，不能带小数。")
        elif cell < 0:
            yield _bad_number(where, cell, "件数不能为负数。")


def _all_whole(report: Report) -> bool:
    t2 = report.table2
    cells: list[Cell] = [
        *(getattr(t2.regulations, k) for k in T2_DOC_KEYS),
        *(getattr(t2.normative_documents, k) for k in T2_DOC_KEYS),
        t2.licensing,
        t2.penalty,
        t2.coercion,
        *report.table4,
    ]
    for row in report.table3.values():
        cells.extend(row)
    fees = t2.fees
    if fees is not None and fees < 0:
        return False
    return all(type(c) is int and c >= 0 for c in cells if c is not None)


def _bad_number(where: str, cell: Cell, why: str) -> Finding:
    return Finding(
        "T-INTEGER",
        Severity.ERROR,
        where,
        f"{describe_cell(where)}填写为 {cell}：{why}",
        cell,
        None,
        (where,),
    )


def _all_cells(report: Report) -> Iterator[tuple[str, Cell]]:
    t2 = report.table2
    for key in ("regulations", "normative_documents"):
        counts = getattr(t2, key)
        for leaf in T2_DOC_KEYS:
            yield f"table2.{key}.{leaf}", getattr(counts, leaf)
    yield "table2.licensing", t2.licensing
    yield "table2.penalty", t2.penalty
    yield "table2.coercion", t2.coercion
    yield "table2.fees", t2.fees
    for key in T3_ROW_KEYS:
        for i, cell in enumerate(report.table3[key]):
            yield f"table3.{key}[{i}]", cell
    for i, cell in enumerate(report.table4):
        yield f"table4[{i}]", cell


# --- across years ---------------------------------------------------------------------------


def t3_carry(report: Report, previous: Report) -> Iterator[Finding]:
    """T3-CARRY: this year's 上年结转 equals last year's 结转下年度, per column."""
    carried, before = report.table3["carried"], previous.table3["carry_next"]
    for col in range(7):
        now, then = carried[col], before[col]
        if now is None or then is None or now == then:
            continue
        yield Finding(
            "T3-CARRY",
            Severity.ERROR,
            f"table3.carried[{col}]",
            f"表三“{T3_COLUMNS[col]}”一列：本年“上年结转”为 {now}，"
            f"但 {previous.year} 年报告的“结转下年度继续办理”为 {then}，两者应相等。",
            now,
            then,
            (f"table3.carried[{col}]",),
        )


def t2_in_force(report: Report, previous: Report) -> Iterator[Finding]:
    """T2-IN-FORCE (a warning: amendments break it): in force = last year's + issued − repealed."""
    for key, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        now = getattr(report.table2, key)
        then = getattr(previous.table2, key)
        values = (now.in_force, then.in_force, now.issued, now.repealed)
        if None in values:
            continue
        expected = then.in_force + now.issued - now.repealed
        if now.in_force != expected:
            yield Finding(
                "T2-IN-FORCE",
                Severity.WARNING,
                f"table2.{key}.in_force",
                f"表二“{label}”现行有效件数为 {now.in_force}，按 {previous.year} 年的 "
                f"{then.in_force} 件加本年制发 {now.issued} 件、减本年废止 {now.repealed} 件"
                f"应为 {expected} 件；如有修订或清理，请核实说明。",
                now.in_force,
                expected,
                tuple(f"table2.{key}.{leaf}" for leaf in T2_DOC_KEYS),
            )


SINGLE_YEAR_RULES: tuple[Rule, ...] = (
    t_integer,
    t3_row_total,
    t3_outcome_sum,
    t3_balance,
    t4_group_sum,
)


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    findings = [f for rule in SINGLE_YEAR_RULES for f in rule(report)]
    if previous is not None:
        findings.extend(t3_carry(report, previous))
        findings.extend(t2_in_force(report, previous))
    return findings


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


# --- describing cells in Chinese -------------------------------------------------------------

_T2_NAMES = {
    "regulations": "规章",
    "normative_documents": "行政规范性文件",
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "licensing": "行政许可处理决定数量",
    "penalty": "行政处罚处理决定数量",
    "coercion": "行政强制处理决定数量",
    "fees": "行政事业性收费金额（万元）",
}


def describe_cell(where: str) -> str:
    """``table3.deny_4[1]`` → 表三“（三）不予公开4.保护第三方合法权益”行“商业企业”列."""
    if where.startswith("table2."):
        parts = where.split(".")[1:]
        return "表二“" + "".join(_T2_NAMES[p] for p in parts) + "”"
    if where.startswith("table3."):
        key, _, index = where[len("table3.") :].partition("[")
        col = T3_COLUMNS[int(index[:-1])]
        return f"表三“{t3_row_description(key)}”行“{col}”列"
    if where.startswith("table4["):
        i = int(where[len("table4[") : -1])
        return f"表四“{T4_GROUPS[i // 5]}·{T4_RESULTS[i % 5]}”"
    return where
