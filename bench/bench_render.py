"""Rendering the seed report (issue 2: its DOCX in under 200 ms).

Baseline, in the same run: building an empty python-docx Document and saving it, the least
work any DOCX renderer built on python-docx must do. The ratio says what the report costs
beyond it. The PDF is timed once (LibreOffice starts a process per conversion) and only when
LibreOffice is installed.
"""

from __future__ import annotations

import io
import time

from bench.timing import best_of
from gongkai.report import load
from gongkai.report.render.outline import outline
from gongkai.report.render.tables import grids
from gongkai.report.render.text import render_text
from gongkai.report.render.to_docx import render_docx
from gongkai.report.render.to_html import render_html
from gongkai.report.render.to_pdf import LibreOfficeMissing, docx_to_pdf, find_soffice
from gongkai.report.render.to_xlsx import render_xlsx

SEED = "src/gongkai/report/examples/xinhua-education-2024.json"
DOCX_TARGET_MS = 200


def _empty_docx() -> bytes:
    from docx import Document

    out = io.BytesIO()
    Document().save(out)
    return out.getvalue()


def run() -> list[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    report = load(root / SEED)
    render_docx(report)  # import and warm up python-docx and lxml before timing anything

    base = best_of(_empty_docx, repeat=10)
    figures = [
        ("outline + table grids", best_of(lambda: (outline(report), grids(report)), repeat=20)),
        ("txt", best_of(lambda: render_text(report), repeat=20)),
        ("html", best_of(lambda: render_html(report), repeat=20)),
        ("docx", best_of(lambda: render_docx(report), repeat=10)),
        ("xlsx", best_of(lambda: render_xlsx(report), repeat=10)),
    ]
    lines = [f"baseline: empty python-docx Document saved   {base * 1000:8.1f} ms"]
    for name, seconds in figures:
        target = f"  target < {DOCX_TARGET_MS} ms" if name == "docx" else ""
        lines.append(
            f"render seed {name:<24} {seconds * 1000:8.1f} ms  ({seconds / base:.2f}× baseline)"
            f"{target}"
        )
    if find_soffice() is None:
        lines.append("pdf: LibreOffice not installed, not measured")
        return lines
    docx = render_docx(report)
    start = time.perf_counter()
    try:
        docx_to_pdf(docx)
    except LibreOfficeMissing:
        lines.append("pdf: LibreOffice not installed, not measured")
        return lines
    seconds = time.perf_counter() - start
    lines.append(
        f"docx → pdf (LibreOffice, fresh profile)  {seconds * 1000:8.1f} ms  "
        f"({seconds / base:.0f}× baseline, one run)"
    )
    return lines


def main() -> None:
    for line in run():
        print(line)


if __name__ == "__main__":
    main()
