"""The published reports of the corpus: every cell read by hand is read the same way."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gongkai.parse import parse_bytes
from gongkai.report.canonical import to_dict

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "tests/fixtures/corpus"
SEED = ROOT / "tests/fixtures/seed/xinhua-education-2024.txt"
SEED_JSON = ROOT / "src/gongkai/report/examples/xinhua-education-2024.json"

REPORTS = sorted(p for p in CORPUS.glob("p*.txt"))
OLD = sorted(p for p in CORPUS.glob("old*.txt"))
CRAWLED = sorted(CORPUS.glob("crawl*.txt"))
REFERENCE = sorted(CORPUS.glob("reference/*.pdf"))


def _cells(expected: Any, got: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    if isinstance(expected, dict):
        return [c for k in expected for c in _cells(expected[k], got[k], f"{path}.{k}")]
    if isinstance(expected, list):
        return [c for i, e in enumerate(expected) for c in _cells(e, got[i], f"{path}[{i}]")]
    return [(path, expected, got)]


def test_it_has_reports_to_check() -> None:
    assert len(REPORTS) >= 8 and len(OLD) >= 2


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_it_reads_every_hand_read_cell_of_the_corpus(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["expected"]
    result = parse_bytes(path.read_bytes(), path.name)
    assert result.format == "2021"
    assert result.report is not None
    got = to_dict(result.report)
    wrong = [
        (where, want, have)
        for where, want, have in _cells(expected, got)
        if want is not None and have != want
    ]
    assert wrong == []


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_it_says_null_where_the_text_gives_no_number(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["expected"]
    result = parse_bytes(path.read_bytes(), path.name)
    assert result.report is not None
    guessed = [
        (where, have)
        for where, want, have in _cells(expected, to_dict(result.report))
        if want is None and have is not None
    ]
    assert guessed == []


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_it_gives_every_null_cell_a_finding_with_its_reason(path: Path) -> None:
    result = parse_bytes(path.read_bytes(), path.name)
    assert result.report is not None
    covered = {c for f in result.findings if f.rule == "PARSE-NULL" for c in f.cells}
    nulls = {
        where
        for where, value, _ in _cells(to_dict(result.report), to_dict(result.report))
        if value is None and where.startswith(".table")
    }
    assert {n[1:] for n in nulls} <= covered


@pytest.mark.parametrize("path", OLD, ids=lambda p: p.name)
def test_it_names_the_old_format_and_forces_nothing_into_2021(path: Path) -> None:
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    result = parse_bytes(path.read_bytes(), path.name)
    assert result.format == ("2019" if meta["year"] in (2019, 2020) else "pre-2019")
    assert result.report is None
    assert [f.rule for f in result.findings] == ["PARSE-OLD-FORMAT"]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_it_reads_the_year_stated_in_the_report(path: Path) -> None:
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    result = parse_bytes(path.read_bytes(), path.name)
    assert result.report is not None
    assert result.report.year == meta["year"]


def test_it_reads_the_seed_report_exactly() -> None:
    result = parse_bytes(SEED.read_bytes(), SEED.name)
    assert result.report is not None
    want = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    got = to_dict(result.report)
    for table in ("table2", "table3", "table4"):
        assert got[table] == want[table]
    assert (got["agency"], got["year"]) == (want["agency"], want["year"])
    assert result.findings == ()


def test_it_reads_the_traditional_characters_of_a_mirror_site() -> None:
    result = parse_bytes((CORPUS / "p012.txt").read_bytes())
    assert result.report is not None
    assert str(result.report.table2.fees) == "26.55"
    assert result.report.table2.licensing == 76


def _expected(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("path", REFERENCE, ids=lambda p: p.name)
def test_it_reads_every_cell_of_a_whole_published_pdf_report(path: Path) -> None:
    meta = _expected(path)
    result = parse_bytes(path.read_bytes(), path.name)
    assert result.report is not None
    got = to_dict(result.report)
    assert [(w, e, g) for w, e, g in _cells(meta["expected"], got) if e != g] == []
    assert (got["agency"], got["year"]) == (meta["agency"], meta["year"])


@pytest.mark.parametrize("path", CRAWLED, ids=lambda p: p.name)
def test_it_reads_a_crawled_dump_with_every_cell_right_or_null_with_its_candidates(
    path: Path,
) -> None:
    meta = _expected(path)
    result = parse_bytes(path.read_bytes(), path.name)
    assert result.report is not None
    got = to_dict(result.report)
    cells = _cells(meta["expected"], got)
    assert [(w, e, g) for w, e, g in cells if g is not None and g != e] == []
    nulls = [w[1:] for w, e, g in cells if g is None and e is not None]
    # A null is left only where the digits allow several cuts, and the finding names them.
    noted = {c for f in result.findings if "种拆法" in f.message for c in f.cells}
    assert set(nulls) <= noted
    assert len(nulls) <= 0.02 * len(cells)
    assert (got["agency"], got["year"]) == (meta["agency"], meta["year"])
