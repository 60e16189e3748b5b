"""One file's bytes into a ParseResult: the canonical report (2021 format) and findings.

Nothing here raises on bad input: every failure a file can cause (empty, binary, too large,
a zip bomb, a damaged or password-protected PDF) becomes one clear finding for that file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Final

from gongkai.parse import findings as F
from gongkai.parse.cells import Cell, Kind, Reason, Slot, make_cell
from gongkai.parse.decode import decode
from gongkai.parse.detect import Format, detect
from gongkai.parse.docx import DocxError, ZipBombError, ZipLimits, docx_rows
from gongkai.parse.html import HtmlError, html_rows
from gongkai.parse.lines import Row, text_rows
from gongkai.parse.merge import fill_from_stream
from gongkai.parse.meta import read_meta
from gongkai.parse.pdf import PdfEncryptedError, PdfError, pdf_rows
from gongkai.parse.prose import processing_fee, read_claims, text_table
from gongkai.parse.tables import Reading, read_tables
from gongkai.report.canonical import to_dict
from gongkai.report.format2021 import T2_DOC_KEYS, T3_ROW_KEYS, t3_row_description
from gongkai.report.model import DocCounts, Report, Table2
from gongkai.report.rules import Finding, check, describe_cell

MB: Final = 1024 * 1024
UNKNOWN_AGENCY: Final = "（未能识别机关名称）"
_HTML_MARKERS: Final = (b"<html", b"<!doctype html", b"<table", b"<body", b"<head", b"<div", b"<p>")


@dataclass(frozen=True, slots=True)
class Options:
    max_bytes: int = 50 * MB
    # A DOCX inflates; its members may take this many times the file limit, no more.
    max_inflation: int = 4


@dataclass(frozen=True, slots=True)
class ParseResult:
    file: str
    format: str  # "2021", "2019", "pre-2019", "unknown", or "unreadable"
    kind: str  # "text", "html", "docx", "pdf" or "" when not known
    report: Report | None
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def unreadable(self) -> bool:
        return any(f.rule in F.UNREADABLE_CODES for f in self.findings)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "report": None if self.report is None else to_dict(self.report),
            "findings": [f.as_dict() for f in self.findings],
        }


def _unreadable(name: str, kind: str, finding: Finding) -> ParseResult:
    return ParseResult(name, "unreadable", kind, None, (finding,))


def sniff(data: bytes) -> str:
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    # UTF-16 and UTF-32 spell ASCII markup with zero bytes in between.
    lowered = head.replace(b"\x00", b"").lower()
    if any(marker in lowered for marker in _HTML_MARKERS):
        return "html"
    return "text"


def parse_bytes(data: bytes, name: str = "<bytes>", options: Options | None = None) -> ParseResult:
    opts = options or Options()
    if len(data) > opts.max_bytes:
        return _unreadable(name, "", too_large(len(data), opts.max_bytes))
    if not data.strip():
        return _unreadable(
            name, "", F.error(F.EMPTY, "文件是空的，没有任何内容；请检查是否下载完整。")
        )
    kind = sniff(data)
    notes: list[Finding] = []
    try:
        rows = _rows(data, kind, opts, notes)
    except ZipBombError as exc:
        return _unreadable(
            name, kind, F.error(F.ZIP_BOMB, f"Word 文件疑似“压缩炸弹”：{exc}；已拒绝读取。")
        )
    except DocxError as exc:
        return _unreadable(
            name,
            kind,
            F.error(
                F.DOCX_BROKEN, f"无法打开 Word 文件：{exc}。请用 Word 重新另存为 .docx 后再试。"
            ),
        )
    except PdfEncryptedError:
        msg = "PDF 文件设有密码保护，无法读取其中文字；请提供未加密的文件。"
        return _unreadable(name, kind, F.error(F.PDF_ENCRYPTED, msg))
    except PdfError as exc:
        return _unreadable(
            name, kind, F.error(F.PDF_BROKEN, f"PDF 文件已损坏，无法读取（{exc}）。")
        )
    except HtmlError as exc:
        return _unreadable(name, kind, F.error(F.HTML_BROKEN, f"网页无法解析（{exc}）。"))
    if rows is None:
        return _unreadable(name, kind, notes[0])
    if not rows:
        if kind == "pdf":
            msg = "PDF 没有文字层（可能是扫描件），无法读取数字；请提供带文字的 PDF 或原始文件。"
            return _unreadable(name, kind, F.error(F.PDF_NO_TEXT, msg))
        return _unreadable(name, kind, F.error(F.EMPTY, "文件中没有可读的文字。"))
    return _read_rows(name, kind, rows, notes)


def too_large(size: int, limit: int) -> Finding:
    return F.error(
        F.TOO_LARGE,
        f"文件有 {size / MB:.1f} MB，超过 {limit / MB:.0f} MB 的上限，未读取；"
        "年度报告通常不超过几 MB，请确认文件是否正确。",
    )


def _rows(data: bytes, kind: str, opts: Options, notes: list[Finding]) -> list[Row] | None:
    if kind == "pdf":
        return pdf_rows(data)
    if kind == "docx":
        limit = opts.max_bytes * opts.max_inflation
        return docx_rows(data, ZipLimits(max_member=limit, max_total=limit))
    if kind == "doc":
        notes.append(
            F.error(
                F.DOC_OLD, "这是旧版 Word（.doc）文件，无法读取；请在 Word 中另存为 .docx 后再试。"
            )
        )
        return None
    decoded = decode(data, html=kind == "html")
    if decoded is None:
        notes.append(
            F.error(F.BINARY, "文件不是文字、网页、Word 或 PDF，看起来是二进制数据，无法读取。")
        )
        return None
    if decoded.lossy:
        notes.append(
            F.warning(
                F.ENCODING,
                f"部分字节不符合 {decoded.encoding} 编码，已替换为“�”；个别文字可能缺失。",
            )
        )
    return html_rows(decoded.text) if kind == "html" else text_rows(decoded.text)


def _cells(rows: Sequence[Row]) -> list[Cell]:
    return [make_cell(text, r) for r, row in enumerate(rows) for text in row]


def _read_rows(name: str, kind: str, rows: Sequence[Row], notes: list[Finding]) -> ParseResult:
    cells = _cells(rows)
    text_key = "".join(c.key for c in cells if c.kind is Kind.LABEL)
    fmt = detect(text_key)
    findings = list(notes)
    if fmt is Format.F2019 or fmt is Format.PRE2019:
        label = (
            "2019 年试行格式（国办公开办函〔2019〕60号）"
            if fmt is Format.F2019
            else "2019 年以前的格式"
        )
        findings.append(
            F.warning(
                F.OLD_FORMAT,
                f"这份报告使用{label}，不是 2021 年格式；其表格与 2021 年格式不同，"
                "未按 2021 年格式读取数字。",
            )
        )
        return ParseResult(name, fmt.value, kind, None, tuple(findings))
    if fmt is Format.UNKNOWN:
        findings.append(
            F.error(
                F.NOT_REPORT,
                "没有找到年度报告的表格（如“第二十条第（一）项”“本年制发件数”），"
                "这可能不是政府信息公开工作年度报告，或表格缺失。",
            )
        )
        return ParseResult(name, fmt.value, kind, None, tuple(findings))
    reading = read_tables(cells)
    meta = read_meta(_lines(cells))
    prose = [c.text for c in cells if c.kind is Kind.LABEL and len(c.text) >= 10]
    claims = read_claims(prose)
    stream = fill_from_stream(reading, cells, claims, prose)
    fee = processing_fee(prose)
    report = _report(reading, meta.agency, meta.year, meta.title, fee)
    report = replace(report, published_on=meta.published_on)
    if meta.source_url:
        report = replace(report, extensions={**report.extensions, "x-source-url": meta.source_url})
    findings.extend(_meta_findings(meta.agency, meta.year, meta.year_source))
    findings.extend(_null_findings(reading))
    findings.extend(_cut_finding(reading, stream.ends_after))
    findings.extend(_glued_findings(reading))
    for path, note in reading.notes.items():
        cells_of_row = tuple(_cell_paths(path, len(reading.slots[path])))
        findings.append(
            F.warning(F.READ_NOTE, f"{_describe(path)}：{note}。", cells_of_row[0], cells_of_row)
        )
    findings.extend(check(report))
    findings.extend(text_table(report, claims))
    return ParseResult(name, fmt.value, kind, report, tuple(findings))


def _lines(cells: Sequence[Cell]) -> list[str]:
    lines: list[str] = []
    row = -1
    for c in cells:
        if not c.text:
            continue
        if c.row != row:
            lines.append(c.text)
            row = c.row
        else:
            lines[-1] += " " + c.text
    return lines


def _report(
    reading: Reading, agency: str | None, year: int | None, title: str | None, fee: Decimal | None
) -> Report:
    s = reading.slots

    def one(path: str) -> int | Decimal | None:
        return _count(s[path][0])

    def docs(path: str) -> DocCounts:
        return DocCounts(*(_count(slot) for slot in s[path]))

    fees = s["table2.fees"][0].value
    table2 = Table2(
        regulations=docs("table2.regulations"),
        normative_documents=docs("table2.normative_documents"),
        licensing=one("table2.licensing"),
        penalty=one("table2.penalty"),
        coercion=one("table2.coercion"),
        fees=Decimal(fees) if isinstance(fees, int) else fees,
    )
    table3 = {key: tuple(_count(slot) for slot in s[f"table3.{key}"]) for key in T3_ROW_KEYS}
    extensions: dict[str, object] = {}
    if fee is not None:
        extensions["x-processing-fee-yuan"] = int(fee) if fee == int(fee) else float(fee)
    return Report(
        agency=agency or UNKNOWN_AGENCY,
        year=year or 0,
        table2=table2,
        table3=table3,
        table4=tuple(_count(slot) for slot in s["table4"]),
        title=title,
        extensions=extensions,
    )


def _count(slot: Slot) -> int | Decimal | None:
    value = slot.value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


def _meta_findings(agency: str | None, year: int | None, source: str) -> Iterator[Finding]:
    if agency is None:
        yield F.warning(
            F.NO_AGENCY,
            "标题和开头没有写明机关名称，机关记为“（未能识别机关名称）”，请补充。",
            "agency",
        )
    if year is None:
        yield F.error(F.NO_YEAR, "标题和正文都没有写明报告年度，年度记为 0，请补充。", "year")
    elif source != "标题":
        yield F.warning(
            F.YEAR_INFERRED, f"标题中没有年度，年度 {year} 取自{source}，请核对。", "year"
        )


def _describe(path: str) -> str:
    if path == "table4":
        return "表四"
    table, _, row = path.partition(".")
    if table == "table3":
        return f"表三“{t3_row_description(row)}”行"
    return describe_cell(path)


def _cell_paths(path: str, width: int) -> list[str]:
    if path == "table4" or path.startswith("table3."):
        return [f"{path}[{i}]" for i in range(width)]
    if width == 3:
        return [f"{path}.{leaf}" for leaf in T2_DOC_KEYS]
    return [path]


def _null_findings(reading: Reading) -> Iterator[Finding]:
    """One finding per row and reason, naming every null cell it covers."""
    for path, slots in reading.slots.items():
        paths = _cell_paths(path, len(slots))
        by_reason: dict[Reason, list[str]] = {}
        for where, slot in zip(paths, slots, strict=True):
            if slot.value is None and slot.reason is not None:
                by_reason.setdefault(slot.reason, []).append(where)
        for reason, wheres in by_reason.items():
            subject = describe_cell(wheres[0]) if len(wheres) == 1 else _describe(path)
            count = "" if len(wheres) == 1 else f"（{len(wheres)} 格）"
            yield F.warning(
                F.NULL, f"{subject}{count}：{reason.value}，记为 null。", wheres[0], tuple(wheres)
            )


def _cut_finding(reading: Reading, ends_after: str | None) -> Iterator[Finding]:
    """Where the text ends, when it ends inside the tables."""
    cut = [
        where
        for path, slots in reading.slots.items()
        for where, slot in zip(_cell_paths(path, len(slots)), slots, strict=True)
        if slot.reason is Reason.CUT
    ]
    if not cut:
        return
    place = f"{_describe(ends_after)}之后" if ends_after else "表格之前"
    yield F.warning(
        F.TEXT_ENDS,
        f"原文在{place}就结束了（文本被截断）；此后的 {len(cut)} 格没有出现，记为 null，"
        "请找到完整的报告补全。",
        cut[0],
        tuple(cut),
    )


def _glued_findings(reading: Reading) -> Iterator[Finding]:
    """One note per table for the rows whose glued digits had a single possible cut."""
    by_table: dict[str, list[str]] = {}
    for path in reading.glued:
        by_table.setdefault(path.partition(".")[0], []).append(path)
    for table, paths in by_table.items():
        cells = tuple(c for p in paths for c in _cell_paths(p, len(reading.slots[p])))
        names = "、".join(_describe(p) for p in paths[:3]) + ("等" if len(paths) > 3 else "")
        yield F.warning(
            F.READ_NOTE,
            f"{_describe(table) if table == 'table4' else _TABLE_NAMES[table]}有 {len(paths)} 行"
            f"（{names}）的数字连写在一起，没有分隔；按各格不以 0 开头和表内的合计关系，"
            "每行只有一种拆法，已按此拆开，请对照原文核对。",
            cells[0],
            cells,
        )


_TABLE_NAMES: Final = {"table2": "表二", "table3": "表三", "table4": "表四"}
