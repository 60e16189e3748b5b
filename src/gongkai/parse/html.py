"""HTML pages into rows: text outside tables line by line, each table as a grid with its
rowspan/colspan expanded. A spanned position is an empty cell, so that a value spanning
three columns (行政许可's 本年处理决定数量) counts once."""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

from gongkai.parse.lines import Row, split_line

_SKIP: Final = {"script", "style", "head", "noscript", "template", "select", "button", "svg"}
_BLOCK: Final = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "header", "footer", "nav", "tr", "dd", "dt", "dl", "blockquote", "pre", "hr",
    "form", "center", "aside", "main", "caption", "figure", "figcaption", "title", "td", "th",
    "table", "tbody", "thead",
}  # fmt: skip
_MAX_SPAN: Final = 64
_MAX_ROWSPAN: Final = 400
_XML_DECLARATION: Final = re.compile(r"^\s*<\?xml[^>]*\?>")


class HtmlError(ValueError):
    pass


def html_rows(text: str) -> list[Row]:
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return []
    try:
        root = etree.fromstring(text, etree.HTMLParser(remove_comments=True, remove_pis=True))
    except (etree.ParserError, ValueError) as exc:
        raise HtmlError(str(exc)) from None
    if root is None:
        return []
    rows: list[Row] = []
    buffer: list[str] = []

    def flush() -> None:
        line = "".join(buffer)
        buffer.clear()
        for part in line.splitlines():
            if part.strip():
                rows.append(split_line(part))

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _SKIP:
                walker.skip_subtree()
                continue
            if tag == "table" and not _is_layout(element):
                flush()
                rows.extend(_table_rows(element))
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                flush()
            if element.text and tag:
                buffer.append(element.text)
        else:
            if tag in _BLOCK:
                flush()
            if element.tail and element is not root:
                buffer.append(element.tail)
    flush()
    return rows


def _table_rows(table: etree._Element) -> list[Row]:
    grid: dict[tuple[int, int], str] = {}
    r = 0
    width = 0
    for tr in _own_rows(table):
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            attrs = cell.attrib
            colspan = _span(attrs.get("colspan"), _MAX_SPAN) if attrs else 1
            rowspan = _span(attrs.get("rowspan"), _MAX_ROWSPAN) if attrs else 1
            text = etree.tostring(cell, method="text", encoding="unicode", with_tail=False)
            if not text.isprintable() or "  " in text:
                text = " ".join(text.split())
            grid[(r, c)] = text
            if colspan > 1 or rowspan > 1:
                for dr in range(rowspan):
                    for dc in range(colspan):
                        if dr or dc:
                            grid[(r + dr, c + dc)] = ""
            c += colspan
            width = max(width, c)
        r += 1
    out: list[Row] = []
    for i in range(r):
        row = [grid.get((i, j), "") for j in range(width)]
        if any(cell.strip() for cell in row):
            out.append(row)
    return out


def _is_layout(table: etree._Element) -> bool:
    """A table holding tables lays out the page; its cells are read as blocks of text."""
    return next(table.iterdescendants("table"), None) is not None


def _own_rows(table: etree._Element) -> list[etree._Element]:
    rows: list[etree._Element] = []
    for child in table:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if isinstance(c.tag, str) and c.tag == "tr")
    return rows


def _span(value: str | None, limit: int) -> int:
    if not value:
        return 1
    # str.isdigit() admits ⑹ and other digits int() refuses: only ASCII digits count.
    digits = "".join(ch for ch in value if ch in "0123456789")[:4]
    return min(max(int(digits), 1), limit) if digits else 1
