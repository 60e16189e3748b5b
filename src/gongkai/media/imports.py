"""Posts published elsewhere, read from the platforms' back-end exports (CSV, XLSX) or RSS.

All or nothing: every row is checked, every error is reported with its row number, and the
caller writes nothing unless the whole file is clean. Export times without a zone are local
time, given by the caller.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from xml.etree import ElementTree

from openpyxl import load_workbook

from gongkai import archives


@dataclass(frozen=True, slots=True)
class ImportedPost:
    row: int
    title: str
    published_at: dt.datetime
    link: str = ""
    body: str = ""


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # 0: the file as a whole
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行：{self.message}" if self.row else self.message


class ImportRejected(ValueError):
    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        super().__init__("；".join(str(e) for e in self.errors[:20]))


# Column names as the platforms' exports spell them, mapped to ours.
COLUMNS = {
    "标题": "title",
    "文章标题": "title",
    "作品标题": "title",
    "内容标题": "title",
    "title": "title",
    "发布时间": "published_at",
    "发表时间": "published_at",
    "群发时间": "published_at",
    "published_at": "published_at",
    "链接": "link",
    "文章链接": "link",
    "作品链接": "link",
    "link": "link",
    "url": "link",
    "正文": "body",
    "摘要": "body",
    "内容": "body",
    "body": "body",
}
TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")
MAX_TITLE = 300


def _parse_time(value: Any, zone: dt.tzinfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:
        text = str(value or "").strip()
        if not text:
            raise ValueError("缺少发布时间")
        for pattern in TIME_FORMATS:
            try:
                moment = dt.datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        else:
            try:
                moment = dt.datetime.fromisoformat(text)
            except ValueError:
                raise ValueError(
                    f"发布时间“{text}”无法识别，请写成“2024-03-01 09:30”的形式"
                ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _rows_to_posts(
    header: Sequence[Any], rows: Iterable[tuple[int, Sequence[Any]]], zone: dt.tzinfo
) -> list[ImportedPost]:
    names = [
        COLUMNS.get(str(h or "").strip().lower(), COLUMNS.get(str(h or "").strip())) for h in header
    ]
    missing = [
        label
        for key, label in (("title", "标题"), ("published_at", "发布时间"))
        if key not in names
    ]
    if missing:
        raise ImportRejected(
            [
                RowError(
                    1, f"表头缺少“{'”“'.join(missing)}”列（可用列名：标题、发布时间、链接、正文）"
                )
            ]
        )
    posts: list[ImportedPost] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, dt.datetime], int] = {}
    for number, raw in rows:
        values = {name: value for name, value in zip(names, raw, strict=False) if name}
        if not any(str(v or "").strip() for v in raw):
            continue  # blank lines at the end of an export
        title = str(values.get("title") or "").strip()
        problems = []
        if not title:
            problems.append("缺少标题")
        elif len(title) > MAX_TITLE:
            problems.append(f"标题超过 {MAX_TITLE} 字")
        try:
            published = _parse_time(values.get("published_at"), zone)
        except ValueError as exc:
            problems.append(str(exc))
            published = None
        link = str(values.get("link") or "").strip()
        if link and not link.startswith(("http://", "https://")):
            problems.append(f"链接“{link}”应以 http:// 或 https:// 开头")
        if published is not None and title:
            first = seen.setdefault((title, published), number)
            if first != number:
                problems.append(f"与第 {first} 行重复（标题和发布时间相同）")
        if problems:
            errors.extend(RowError(number, p) for p in problems)
        elif published is not None:
            posts.append(
                ImportedPost(number, title, published, link, str(values.get("body") or "").strip())
            )
    if errors:
        raise ImportRejected(errors)
    if not posts:
        raise ImportRejected([RowError(0, "文件中没有可导入的数据行")])
    return posts


def read_csv(data: bytes, zone: dt.tzinfo) -> list[ImportedPost]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRejected([RowError(0, "无法识别文件编码，请另存为 UTF-8 编码的 CSV")])
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ImportRejected([RowError(0, "文件为空")])
    return _rows_to_posts(rows[0], enumerate(rows[1:], start=2), zone)


def read_xlsx(data: bytes, zone: dt.tzinfo) -> list[ImportedPost]:
    refused = archives.refusal(data, archives.TABLE)
    if refused:
        raise ImportRejected([RowError(0, refused)])
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises several types for a file that is not a workbook
        raise ImportRejected(
            [RowError(0, "文件不是有效的 XLSX 工作簿，请从平台后台重新导出")]
        ) from None
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        raise ImportRejected([RowError(0, "工作表为空")])
    return _rows_to_posts(rows[0], enumerate(rows[1:], start=2), zone)


_ATOM = "{http://www.w3.org/2005/Atom}"


def read_rss(data: bytes, zone: dt.tzinfo) -> list[ImportedPost]:
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise ImportRejected([RowError(0, f"RSS 不是有效的 XML：{exc}")]) from None
    items = root.findall("./channel/item") or root.findall(f"{_ATOM}entry")
    rows: list[tuple[int, Sequence[Any]]] = []
    for number, item in enumerate(items, start=1):
        title = item.findtext("title") or item.findtext(f"{_ATOM}title") or ""
        link = item.findtext("link") or ""
        atom_link = item.find(f"{_ATOM}link")
        if not link and atom_link is not None:
            link = atom_link.get("href", "")
        when: Any = item.findtext("pubDate")
        if when:
            # An unreadable date stays text, and _parse_time reports it for its row.
            with contextlib.suppress(TypeError, ValueError):
                when = parsedate_to_datetime(when)
        else:
            when = item.findtext(f"{_ATOM}published") or item.findtext(f"{_ATOM}updated") or ""
        body = item.findtext("description") or item.findtext(f"{_ATOM}summary") or ""
        rows.append((number, (title, when, link, body)))
    return _rows_to_posts(("title", "published_at", "link", "body"), rows, zone)
