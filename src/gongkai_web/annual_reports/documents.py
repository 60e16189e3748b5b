"""The downloadable documents of a report, through the core's renderer registry.

Which formats exist depends on what the core ships (``gongkai.report.render.renderers``);
PDF also needs LibreOffice on the server, so it is offered only when ``soffice`` is found.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

from gongkai.report.model import Report
from gongkai.report.render import Renderer, renderers


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    label: str
    content_type: str
    suffix: str


# The order of the download links on the report page.
FORMATS: tuple[Format, ...] = (
    Format(
        "docx",
        "Word（DOCX）",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    Format(
        "xlsx",
        "Excel（XLSX）",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
    Format("pdf", "PDF", "application/pdf", ".pdf"),
    Format("html", "网页（HTML）", "text/html; charset=utf-8", ".html"),
    Format("json", "数据（JSON）", "application/json", ".json"),
    Format("txt", "纯文本（TXT）", "text/plain; charset=utf-8", ".txt"),
)
BY_NAME = {f.name: f for f in FORMATS}


def soffice_path() -> str | None:
    # The same search as the core's PDF renderer: soffice, then libreoffice, on PATH.
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> dict[str, Renderer]:
    found = renderers()
    if "pdf" in found and soffice_path() is None:
        del found["pdf"]
    return found


def offered() -> tuple[list[Format], list[Format]]:
    """The formats one can download now, and the known ones one cannot."""
    ready = available()
    return (
        [f for f in FORMATS if f.name in ready],
        [f for f in FORMATS if f.name not in ready],
    )


def filename(report: Report, fmt: Format) -> str:
    return f"{report.display_title}{fmt.suffix}"


def render(report: Report, name: str) -> tuple[Format, bytes] | None:
    fmt = BY_NAME.get(name)
    renderer = available().get(name)
    if fmt is None or renderer is None:
        return None
    return fmt, renderer(report)
