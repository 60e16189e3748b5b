"""Renderers of a report: each takes a Report and returns the document's bytes."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from gongkai.report.model import Cell, Report

Renderer = Callable[[Report], bytes]


def format_cell(cell: Cell) -> str:
    """A number as a report prints it: 3.1 not 3.10, 0 not 0.0; unknown cells stay blank."""
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        text = format(cell, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text or "0"
    return str(cell)


def paragraphs(text: str) -> list[str]:
    """Narrative text splits into paragraphs at blank lines (report-json.md, sections)."""
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def renderers() -> dict[str, Renderer]:
    """Formats by name, imported lazily: the DOCX and XLSX libraries are slow to import."""
    from gongkai.report.render import text

    found: dict[str, Renderer] = {"txt": text.render_text, "json": text.render_json}
    for name, module, func in (
        ("html", "gongkai.report.render.html", "render_html"),
        ("docx", "gongkai.report.render.docx", "render_docx"),
        ("xlsx", "gongkai.report.render.xlsx", "render_xlsx"),
    ):
        try:
            mod = __import__(module, fromlist=[func])
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        found[name] = getattr(mod, func)
    return found
