"""``gongkai report parse``: one JSON line per file, a folder of JSON plus findings.csv."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from gongkai.cli import main

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "tests/fixtures/seed/xinhua-education-2024.txt"
CORPUS = ROOT / "tests/fixtures/corpus"


def test_it_prints_one_json_object_per_file(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "parse", "--json", str(SEED), str(CORPUS / "old001.txt")])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    first, second = (json.loads(line) for line in lines)
    assert set(first) == {"file", "format", "report", "findings"}
    assert first["format"] == "2021" and first["report"]["table2"]["fees"] == 3.1
    assert second["format"] == "2019" and second["report"] is None
    assert second["findings"][0]["rule"] == "PARSE-OLD-FORMAT"


def test_it_writes_a_json_per_file_and_a_csv_of_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in/empty.txt").write_bytes(b"")
    (tmp_path / "in/seed.txt").write_bytes(SEED.read_bytes())
    code = main(["report", "parse", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert code == 2  # one file could not be read
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "empty.txt.json",
        "findings.csv",
        "seed.txt.json",
    ]
    rows = list(csv.DictReader((tmp_path / "out/findings.csv").open(encoding="utf-8-sig")))
    assert [r["rule"] for r in rows] == ["PARSE-EMPTY"]
    assert "共 2 个文件：已解析 1 个，其中有错误的 0 个；无法读取 1 个。" in capsys.readouterr().err


def test_it_reports_in_chinese_without_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "parse", str(CORPUS / "p001.txt")]) == 0
    out = capsys.readouterr().out
    assert "格式 2021" in out and "记为 null" in out
