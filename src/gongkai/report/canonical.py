"""The canonical JSON of report-json.md: read it strictly, write it exactly.

Reading rejects a wrong shape with a message that names the key and what was expected, in
Chinese for the clerk and with the JSON path for the developer. Values of the right type
but wrong range (negative, fractional counts) are accepted here and reported by the
T-INTEGER rule, so that ``check`` can name every bad cell at once instead of the first.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai.report.format2021 import (
    FORMAT_ID,
    OVERVIEW_KEYS,
    T2_DOC_KEYS,
    T3_ROW_KEYS,
    T3_WIDTH,
    T4_WIDTH,
)
from gongkai.report.model import Cell, DocCounts, Overview, Report, Row, Sections, Table2

_TOP_REQUIRED = ("agency", "year", "table2", "table3", "table4")
_TOP_OPTIONAL = ("format", "sections", "title", "published_on", "contact")
_T2_KEYS = ("regulations", "normative_documents", "licensing", "penalty", "coercion", "fees")
_SECTION_KEYS = ("preamble", "overview", "problems", "other")


class ReportShapeError(ValueError):
    """The input is not a report of the canonical shape; ``path`` names the offending key."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


def loads(text: str | bytes) -> Report:
    try:
        data = json.loads(text, parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ReportShapeError("", f"不是有效的 JSON：{exc}") from None
    return from_dict(data)


def load(path: str | Path) -> Report:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ReportShapeError("", f"无法读取文件 {path}：{exc.strerror}") from None
    return loads(raw)


def from_dict(data: object) -> Report:
    obj = _mapping(data, "", "报告应为 JSON 对象（{…}）")
    _no_unknown_keys(obj, "", (*_TOP_REQUIRED, *_TOP_OPTIONAL))
    for key in _TOP_REQUIRED:
        if key not in obj:
            raise ReportShapeError(key, f"缺少必填项“{key}”")
    fmt = obj.get("format", FORMAT_ID)
    if fmt != FORMAT_ID:
        raise ReportShapeError("format", f"格式应为“{FORMAT_ID}”，实际为 {fmt!r}")
    agency = _text(obj["agency"], "agency")
    if not agency.strip():
        raise ReportShapeError("agency", "机关名称不能为空")
    year = obj["year"]
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 < year < 3000:
        raise ReportShapeError("year", f"年度应为四位整数年份，实际为 {year!r}")
    sections = obj.get("sections")
    published = obj.get("published_on")
    return Report(
        agency=agency,
        year=year,
        table2=_table2(obj["table2"]),
        table3=_table3(obj["table3"]),
        table4=_row(obj["table4"], "table4", T4_WIDTH),
        sections=None if sections is None else _sections(sections),
        title=_optional_text(obj.get("title"), "title"),
        published_on=None if published is None else _date(published, "published_on"),
        contact=_optional_text(obj.get("contact"), "contact"),
        extensions={k: v for k, v in obj.items() if k.startswith("x-")},
    )


def _table2(data: object) -> Table2:
    obj = _mapping(data, "table2", "表二应为对象")
    _no_unknown_keys(obj, "table2", _T2_KEYS)
    _require(obj, "table2", _T2_KEYS)
    docs = {}
    for key in ("regulations", "normative_documents"):
        path = f"table2.{key}"
        counts = _mapping(obj[key], path, "应为对象，含 issued、repealed、in_force 三项")
        _no_unknown_keys(counts, path, T2_DOC_KEYS)
        _require(counts, path, T2_DOC_KEYS)
        docs[key] = DocCounts(*(_cell(counts[k], f"{path}.{k}") for k in T2_DOC_KEYS))
    return Table2(
        regulations=docs["regulations"],
        normative_documents=docs["normative_documents"],
        licensing=_cell(obj["licensing"], "table2.licensing"),
        penalty=_cell(obj["penalty"], "table2.penalty"),
        coercion=_cell(obj["coercion"], "table2.coercion"),
        fees=_cell(obj["fees"], "table2.fees", integral=False),
    )


def _table3(data: object) -> dict[str, Row]:
    obj = _mapping(data, "table3", "表三应为对象，每行一个键")
    _no_unknown_keys(obj, "table3", T3_ROW_KEYS)
    _require(obj, "table3", T3_ROW_KEYS)
    return {key: _row(obj[key], f"table3.{key}", T3_WIDTH) for key in T3_ROW_KEYS}


def _row(data: object, path: str, width: int) -> Row:
    if not isinstance(data, list):
        raise ReportShapeError(path, f"应为含 {width} 个数字的数组，实际为 {_kind(data)}")
    if len(data) != width:
        raise ReportShapeError(path, f"应有 {width} 个数字，实际有 {len(data)} 个")
    if all(type(value) is int for value in data):
        return tuple(data)  # the common case, without naming every cell
    return tuple(_cell(value, f"{path}[{i}]") for i, value in enumerate(data))


def _cell(value: object, path: str, *, integral: bool = True) -> Cell:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ReportShapeError(path, f"应为数字或 null，实际为 {_kind(value)}")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ReportShapeError(path, "应为有限的数字")
        if integral and value == value.to_integral_value():
            return int(value)
    return value


def _sections(data: object) -> Sections:
    obj = _mapping(data, "sections", "正文应为对象")
    _no_unknown_keys(obj, "sections", _SECTION_KEYS)
    overview_data = obj.get("overview", {})
    ov = _mapping(overview_data, "sections.overview", "总体情况应为对象")
    _no_unknown_keys(ov, "sections.overview", OVERVIEW_KEYS)
    overview = Overview(
        **{k: _text(ov.get(k, ""), f"sections.overview.{k}") for k in OVERVIEW_KEYS}
    )
    return Sections(
        preamble=_text(obj.get("preamble", ""), "sections.preamble"),
        overview=overview,
        problems=_text(obj.get("problems", ""), "sections.problems"),
        other=_text(obj.get("other", ""), "sections.other"),
    )


def _mapping(data: object, path: str, message: str) -> Mapping[str, Any]:
    if not isinstance(data, dict):
        raise ReportShapeError(path, f"{message}，实际为 {_kind(data)}")
    return data


def _no_unknown_keys(obj: Mapping[str, Any], path: str, known: tuple[str, ...]) -> None:
    for key in obj:
        if key not in known and not key.startswith("x-"):
            where = f"{path}.{key}" if path else key
            raise ReportShapeError(where, f"未知的键“{key}”（可用：{'、'.join(known)}）")


def _require(obj: Mapping[str, Any], path: str, keys: tuple[str, ...]) -> None:
    for key in keys:
        if key not in obj:
            raise ReportShapeError(f"{path}.{key}", f"缺少“{key}”")


def _text(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise ReportShapeError(path, f"应为文本，实际为 {_kind(value)}")
    return value


def _optional_text(value: object, path: str) -> str | None:
    return None if value is None else _text(value, path)


def _date(value: object, path: str) -> date:
    text = _text(value, path)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReportShapeError(path, f"应为 YYYY-MM-DD 格式的日期，实际为 {text!r}") from None


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, int | float | Decimal):
        return f"数字 {value}"
    if isinstance(value, str):
        return f"文本 {value[:20]!r}"
    if isinstance(value, list):
        return f"数组（{len(value)} 项）"
    if isinstance(value, dict):
        return "对象"
    return type(value).__name__


# --- writing ------------------------------------------------------------------------------


def to_dict(report: Report) -> dict[str, Any]:
    t2 = report.table2
    out: dict[str, Any] = {
        "format": report.format,
        "agency": report.agency,
        "year": report.year,
    }
    if report.title is not None:
        out["title"] = report.title
    if report.published_on is not None:
        out["published_on"] = report.published_on.isoformat()
    if report.contact is not None:
        out["contact"] = report.contact
    out["table2"] = {
        "regulations": _doc_counts(t2.regulations),
        "normative_documents": _doc_counts(t2.normative_documents),
        "licensing": _json_cell(t2.licensing),
        "penalty": _json_cell(t2.penalty),
        "coercion": _json_cell(t2.coercion),
        "fees": _json_cell(t2.fees),
    }
    out["table3"] = {key: [_json_cell(c) for c in report.table3[key]] for key in T3_ROW_KEYS}
    out["table4"] = [_json_cell(c) for c in report.table4]
    if report.sections is not None:
        s = report.sections
        out["sections"] = {
            "preamble": s.preamble,
            "overview": {k: getattr(s.overview, k) for k in OVERVIEW_KEYS},
            "problems": s.problems,
            "other": s.other,
        }
    out.update(report.extensions)
    return out


def _doc_counts(counts: DocCounts) -> dict[str, Any]:
    return {k: _json_cell(getattr(counts, k)) for k in T2_DOC_KEYS}


def _json_cell(cell: Cell) -> int | float | None:
    if isinstance(cell, Decimal):
        # Shortest float repr round-trips every 万元 amount written with up to 15 digits.
        as_int = int(cell)
        return as_int if cell == as_int and cell.as_tuple().exponent == 0 else float(cell)
    return cell


def dumps(report: Report, *, indent: int | None = 2) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent) + "\n"


def dump(report: Report, path: str | Path) -> None:
    Path(path).write_text(dumps(report), encoding="utf-8")
