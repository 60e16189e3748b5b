"""Many files at once: folders, zips of reports, plain files; a summary and a findings CSV.

Inputs are yielded one at a time and each is read only when its turn comes, so memory holds
one file (at most the size limit) however large the batch. A file over the limit is refused
from its size, before it is read.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from gongkai.archives import BATCH, ArchiveRefused, open_zip
from gongkai.parse import findings as F
from gongkai.parse.reader import Options, ParseResult, parse_bytes, too_large
from gongkai.report.rules import Severity
from gongkai.sheets import CsvWriter

CSV_COLUMNS: Final = (
    "file",
    "format",
    "rule",
    "severity",
    "where",
    "message",
    "found",
    "expected",
    "cells",
)


@dataclass(frozen=True, slots=True)
class Item:
    name: str
    data: bytes | None  # None when refused before reading; ``refusal`` says why
    refusal: ParseResult | None = None


def iter_items(paths: Iterable[str | Path], options: Options) -> Iterator[Item]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield _file_item(child, options)
        elif path.suffix.lower() == ".zip" and _is_archive_of_reports(path):
            yield from _zip_items(path, options)
        else:
            yield _file_item(path, options)


def _file_item(path: Path, options: Options) -> Item:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            return Item(
                name,
                None,
                ParseResult(name, "unreadable", "", None, (too_large(size, options.max_bytes),)),
            )
        return Item(name, path.read_bytes())
    except OSError as exc:
        finding = F.error(F.EMPTY, f"无法读取文件：{exc.strerror or exc}。")
        return Item(name, None, ParseResult(name, "unreadable", "", None, (finding,)))


def _is_archive_of_reports(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:  # the directory only: _zip_items bounds it
            return "word/document.xml" not in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _zip_items(path: Path, options: Options) -> Iterator[Item]:
    try:
        archive = open_zip(path, BATCH, path.name)
    except ArchiveRefused as exc:
        yield Item(
            str(path),
            None,
            ParseResult(str(path), "unreadable", "", None, (F.error(F.ZIP_BOMB, exc.message),)),
        )
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir() or Path(info.filename).name.startswith("."):
                continue
            name = f"{path}!{info.filename}"
            if info.file_size > options.max_bytes:
                refusal = ParseResult(
                    name, "unreadable", "", None, (too_large(info.file_size, options.max_bytes),)
                )
                yield Item(name, None, refusal)
                continue
            try:
                # ZipExtFile stops at the declared size, so a lying header cannot inflate more.
                data = archive.read(info)
            except (
                zipfile.BadZipFile,
                zlib.error,
                OSError,
                ValueError,
                EOFError,
                RuntimeError,
            ) as exc:
                finding = F.error(F.EMPTY, f"压缩包中的这个文件已损坏，无法解压（{exc}）。")
                yield Item(name, None, ParseResult(name, "unreadable", "", None, (finding,)))
                continue
            yield Item(name, data)


def parse_item(item: Item, options: Options) -> ParseResult:
    if item.refusal is not None or item.data is None:
        assert item.refusal is not None
        return item.refusal
    try:
        return parse_bytes(item.data, item.name, options)
    except Exception as exc:  # the batch's safety net: one bad file never stops the others
        message = (
            f"读取时发生内部错误（{type(exc).__name__}），已跳过此文件；请把文件提交给维护者。"
        )
        return ParseResult(item.name, "unreadable", "", None, (F.error(F.INTERNAL, message),))


@dataclass(slots=True)
class Summary:
    files: int = 0
    parsed: int = 0  # the format was recognised and the tables read (or the old format named)
    with_errors: int = 0  # parsed, with at least one error finding
    unreadable: int = 0

    def add(self, result: ParseResult) -> None:
        self.files += 1
        if result.unreadable or result.format in ("unreadable", "unknown"):
            self.unreadable += 1
            return
        self.parsed += 1
        if any(f.severity is Severity.ERROR for f in result.findings):
            self.with_errors += 1

    def line(self) -> str:
        return (
            f"共 {self.files} 个文件：已解析 {self.parsed} 个，其中有错误的 {self.with_errors} 个；"
            f"无法读取 {self.unreadable} 个。"
        )


class FindingsCsv:
    def __init__(self, stream: IO[str]) -> None:
        self._writer = CsvWriter(stream)
        self._writer.writerow(CSV_COLUMNS)

    def add(self, result: ParseResult) -> None:
        for f in result.findings:
            d = f.as_dict()
            self._writer.writerow(
                (
                    result.file,
                    result.format,
                    f.rule,
                    f.severity.value,
                    f.where,
                    f.message,
                    _cell_text(d["found"]),
                    _cell_text(d["expected"]),
                    " ".join(f.cells),
                )
            )


def _cell_text(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False)


def findings_csv(results: Iterable[ParseResult]) -> str:
    out = io.StringIO()
    writer = FindingsCsv(out)
    for result in results:
        writer.add(result)
    return out.getvalue()
