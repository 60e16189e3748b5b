"""Renderers of a report: each takes a Report and returns the document's bytes."""

from __future__ import annotations

import importlib
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


class RenderError(Exception):
    """A document cannot be produced here; ``message`` says why in Chinese and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_MODULES = (
    ("html", "gongkai.report.render.to_html", "render_html"),
    ("docx", "gongkai.report.render.to_docx", "render_docx"),
    ("xlsx", "gongkai.report.render.to_xlsx", "render_xlsx"),
    ("pdf", "gongkai.report.render.to_pdf", "render_pdf"),
)


def _lazy(module: str, func: str) -> Renderer:
    def render(report: Report) -> bytes:
        mod = importlib.import_module(module)
        result: bytes = getattr(mod, func)(report)
        return result

    render.__name__ = func
    return render


def renderers() -> dict[str, Renderer]:
    """Formats by name. The modules load on first use: python-docx alone takes 0.6 s to import,
    and listing the formats (the CLI does it on every start) must not pay for that."""
    from gongkai.report.render import text

    found: dict[str, Renderer] = {"txt": text.render_text, "json": text.render_json}
    for name, module, func in _MODULES:
        found[name] = _lazy(module, func)
    return found
