"""Reports the renderer tests draw: the seed, and busy reports whose every figure differs from
zero and still passes every consistency rule. Also the table layouts a reader of a rendered
document must find, written from format2021's labels and not from the renderers' own grids."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from gongkai.report import format2021 as f
from gongkai.report import load
from gongkai.report.model import Cell, DocCounts, Overview, Report, Sections, Table2
from gongkai.report.render import format_cell

ROOT = Path(__file__).resolve().parents[2]
SEED_JSON = ROOT / "src/gongkai/report/examples/xinhua-education-2024.json"


def seed_report() -> Report:
    return load(SEED_JSON)


def busy_report(seed: int = 7) -> Report:
    rng = random.Random(seed)

    def row(low: int, high: int) -> tuple[int, ...]:
        cells = [rng.randint(low, high) for _ in range(6)]
        return (*cells, sum(cells))

    outcomes = {key: row(1, 9) for key in f.OUTCOME_KEYS}
    total = tuple(sum(outcomes[key][i] for key in f.OUTCOME_KEYS) for i in range(7))
    carry_next = row(1, 5)
    carried_cells = [rng.randint(1, total[i] + carry_next[i] - 1) for i in range(6)]
    new_cells = [total[i] + carry_next[i] - carried_cells[i] for i in range(6)]
    table3 = {
        "new": (*new_cells, sum(new_cells)),
        "carried": (*carried_cells, sum(carried_cells)),
        **outcomes,
        "total": total,
        "carry_next": carry_next,
    }
    table4: list[int] = []
    for _ in range(3):
        results = [rng.randint(1, 6) for _ in range(4)]
        table4 += [*results, sum(results)]

    def counts() -> DocCounts:
        return DocCounts(rng.randint(1, 20), rng.randint(1, 20), rng.randint(30, 90))

    table2 = Table2(
        regulations=counts(),
        normative_documents=counts(),
        licensing=rng.randint(100, 999),
        penalty=rng.randint(10, 99),
        coercion=rng.randint(1, 9),
        fees=Decimal(rng.randint(101, 9999)) / 100,
    )
    sections = Sections(
        preamble="本年度报告根据《中华人民共和国政府信息公开条例》编制。\n\n统计期限为1月1日至12月31日。",
        overview=Overview(
            proactive="全年主动公开政府信息1024条。",
            on_request="全年受理政府信息公开申请，均在法定期限内答复。",
            management="（一）制度建设\n\n修订公开指南。\n\n1.目录更新\n\n按季度更新公开目录。",
            platforms="门户网站运行平稳。",
            oversight="（1）考核\n\n纳入年度绩效考核。",
        ),
        problems="（一）存在的问题\n\n一是解读不够。\n\n（二）改进措施\n\n加强政策解读。",
        other="本年度收取信息处理费共计400元。",
    )
    return Report(
        agency="绿水市自然资源和规划局",
        year=2025,
        table2=table2,
        table3=table3,
        table4=tuple(table4),
        sections=sections,
    )


def reports() -> list[tuple[str, Report]]:
    return [("seed", seed_report()), ("busy", busy_report(7)), ("busy-2", busy_report(2026))]


# --- expected layouts: (n_rows × n_cols) of cell texts, a merged cell's text in every slot ---


def expected_table2(report: Report) -> list[list[str]]:
    t2 = report.table2
    n = format_cell

    def block(article: str) -> list[str]:
        return [article] * 4

    rows = [block(f.T2_ARTICLE_1), [f.T2_CONTENT, *f.T2_DOC_COLUMNS]]
    for key, label in f.T2_DOC_ROWS:
        counts = getattr(t2, key)
        rows.append([label, *(n(getattr(counts, k)) for k in f.T2_DOC_KEYS)])
    for article, column, items in (
        (f.T2_ARTICLE_5, f.T2_DECISIONS, [(f.T2_LICENSING, t2.licensing)]),
        (
            f.T2_ARTICLE_6,
            f.T2_DECISIONS,
            [(f.T2_PENALTY, t2.penalty), (f.T2_COERCION, t2.coercion)],
        ),
        (f.T2_ARTICLE_8, f.T2_FEE_COLUMN, [(f.T2_FEES, t2.fees)]),
    ):
        rows += [block(article), [f.T2_CONTENT, column, column, column]]
        rows += [[label, n(value), n(value), n(value)] for label, value in items]
    return rows


def expected_table3(report: Report) -> list[list[str]]:
    legal = f.T3_LEGAL
    rows = [
        [f.T3_NOTE] * 3 + [f.T3_APPLICANTS] * 7,
        [f.T3_NOTE] * 3 + [f.T3_NATURAL, legal, legal, legal, legal, legal, f.T3_TOTAL_COLUMN],
        [f.T3_NOTE] * 3 + [f.T3_NATURAL, *f.T3_COLUMNS[1:6], f.T3_TOTAL_COLUMN],
    ]

    def numbers(key: str) -> list[str]:
        return [format_cell(c) for c in report.table3[key]]

    for key in ("new", "carried"):
        rows.append([f.T3_ROW_LABELS[key]] * 3 + numbers(key))
    head = f.T3_OUTCOMES_HEADING
    for group, items in f.T3_OUTCOME_GROUPS:
        for key, label in items:
            middle = label if len(items) == 1 else group
            rows.append([head, middle, label, *numbers(key)])
    rows.append([head, f.T3_TOTAL_LABEL, f.T3_TOTAL_LABEL, *numbers("total")])
    rows.append([f.T3_ROW_LABELS["carry_next"]] * 3 + numbers("carry_next"))
    return rows


def expected_table4(report: Report) -> list[list[str]]:
    g = f.T4_GROUP_WIDTH
    results = list(f.T4_RESULTS)
    return [
        [f.T4_RECONSIDERATION] * g + [f.T4_LITIGATION] * 2 * g,
        results + [f.T4_GROUPS[1]] * g + [f.T4_GROUPS[2]] * g,
        results + results + results,
        [format_cell(c) for c in report.table4],
    ]


def expected_tables(report: Report) -> dict[str, list[list[str]]]:
    return {
        "table2": expected_table2(report),
        "table3": expected_table3(report),
        "table4": expected_table4(report),
    }


def numbers_of(report: Report) -> list[Cell]:
    t2 = report.table2
    cells: list[Cell] = []
    for key, _ in f.T2_DOC_ROWS:
        counts = getattr(t2, key)
        cells += [counts.issued, counts.repealed, counts.in_force]
    cells += [t2.licensing, t2.penalty, t2.coercion, t2.fees]
    for key in f.T3_ROW_KEYS:
        cells += list(report.table3[key])
    return cells + list(report.table4)
