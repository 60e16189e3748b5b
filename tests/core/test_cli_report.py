"""``gongkai report check`` and ``render``: a public contract other tools call."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.cli import main

SEED = (
    Path(__file__).resolve().parents[2] / "src/gongkai/report/examples/xinhua-education-2024.json"
)


def broken_copy(tmp_path: Path) -> Path:
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["table3"]["new"] = [1, 0, 0, 0, 0, 0, 1]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_it_exits_0_when_nothing_is_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "check", str(SEED)]) == 0
    assert "全部规则通过" in capsys.readouterr().out


def test_it_exits_1_and_lists_findings_as_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "check", str(broken_copy(tmp_path)), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {f["rule"] for f in findings} == {"T3-BALANCE"}
    first = findings[0]
    assert set(first) >= {"rule", "severity", "where", "message"}
    assert first["where"] == "table3.carry_next[0]"
    assert (first["found"], first["expected"]) == (0, 1)


def test_it_prints_a_readable_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "check", str(broken_copy(tmp_path))]) == 1
    out = capsys.readouterr().out
    assert "2 个错误" in out
    assert "T3-BALANCE" in out


def test_it_checks_against_last_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    last = broken_copy(tmp_path)
    data = json.loads(last.read_text(encoding="utf-8"))
    data["year"] = 2023
    data["table3"]["carry_next"] = [1, 0, 0, 0, 0, 0, 1]
    last.write_text(json.dumps(data), encoding="utf-8")
    assert main(["report", "check", str(SEED), "--previous", str(last), "--json"]) == 1
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert rules == {"T3-CARRY"}


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", "不是有效的 JSON"),
        ("[1, 2]", "报告应为 JSON 对象"),
        ('{"agency": "x", "year": 2024}', "缺少"),
    ],
)
def test_it_exits_2_with_a_message_when_the_file_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, words: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["report", "check", str(path)]) == 2
    assert words in capsys.readouterr().err


def test_it_exits_2_for_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "check", "/nonexistent/report.json", "--json"]) == 2
    assert "无法读取文件" in json.loads(capsys.readouterr().out)["error"]["message"]


def test_it_renders_text_and_json(tmp_path: Path) -> None:
    out = tmp_path / "seed.txt"
    assert main(["report", "render", str(SEED), "--to", "txt", "-o", str(out)]) == 0
    assert "行政许可\t16" in out.read_text(encoding="utf-8")
    out = tmp_path / "seed.json"
    assert main(["report", "render", str(SEED), "--to", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["table2"]["fees"] == 3.1


def test_it_runs_as_a_console_script_without_django() -> None:
    code = (
        "import sys, gongkai.cli\n"
        "rc = gongkai.cli.main(['report', 'check', sys.argv[1]])\n"
        "assert 'django' not in sys.modules, 'the core CLI imported Django'\n"
        "sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(SEED)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
