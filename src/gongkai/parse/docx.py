"""Word files into rows: paragraphs line by line, tables as grids with merged cells expanded
(w:gridSpan across, w:vMerge down; a merged-over position is an empty cell).

A DOCX is a zip, so before anything is inflated the zip's directory is checked: a member
that would inflate past the limit, or an absurd compression ratio, is a zip bomb. Only
word/document.xml is read, with lxml and entities off; opening the whole package with
python-docx took more than half the time of reading a report (docs/parser.md).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import Final

from lxml import etree

from gongkai import archives
from gongkai.parse.lines import Row, split_line

_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_RATIO: Final = 200
_MAX_SPAN: Final = 64
_PARSER: Final = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class DocxError(ValueError):
    pass


class ZipBombError(DocxError):
    pass


@dataclass(frozen=True, slots=True)
class ZipLimits:
    max_member: int  # bytes, uncompressed, per member
    max_total: int  # bytes, uncompressed, all members together


def check_zip(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    bounds = archives.ZipLimits(
        max_total=limits.max_total,
        max_files=archives.OFFICE.max_files,
        max_ratio=_MAX_RATIO,
        max_member=limits.max_member,
    )
    try:
        archives.check(infos, bounds)
    except archives.ArchiveRefused as exc:
        raise ZipBombError(exc.message) from None
    if not any(info.filename == "word/document.xml" for info in infos):
        raise DocxError("zip 中没有 word/document.xml，不是 Word 文档")


def docx_rows(data: bytes, limits: ZipLimits) -> list[Row]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip(archive.infolist(), limits)
            xml = archive.read("word/document.xml")
    except DocxError:
        raise
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, RuntimeError) as exc:
        raise DocxError(f"不是有效的 zip 容器：{exc}") from None
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DocxError(f"Word 文档的正文已损坏：{exc}") from None
    body = root.find(f"{_W}body")
    rows: list[Row] = []
    if body is None:
        return rows
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            text = _text(child)
            for line in text.splitlines():
                if line.strip():
                    rows.append(split_line(line))
        elif child.tag == f"{_W}tbl":
            rows.extend(_table_rows(child))
    return rows


def _text(element: object) -> str:
    parts: list[str] = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}p"):  # type: ignore[attr-defined]
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag == f"{_W}br" or (tag == f"{_W}p" and parts):
            parts.append("\n")
    return "".join(parts)


def _table_rows(table: object) -> list[Row]:
    rows: list[Row] = []
    for tr in table.iterchildren(f"{_W}tr"):  # type: ignore[attr-defined]
        row: Row = []
        for tc in tr.iterchildren(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            span = 1
            merged_above = False
            if props is not None:
                grid_span = props.find(f"{_W}gridSpan")
                if grid_span is not None:
                    span = _int(grid_span.get(f"{_W}val"))
                v_merge = props.find(f"{_W}vMerge")
                if v_merge is not None and v_merge.get(f"{_W}val") in (None, "continue"):
                    merged_above = True
            text = "" if merged_above else " ".join(_text(tc).split())
            row.append(text)
            row.extend([""] * (span - 1))
        if any(cell.strip() for cell in row):
            rows.append(row)
    return rows


def _int(value: str | None) -> int:
    try:
        return min(max(int(value or "1"), 1), _MAX_SPAN)
    except ValueError:
        return 1
