"""``gongkai clock due`` and ``gongkai fee``: the public command-line contract (docs/cli.md)."""

import json
from pathlib import Path

import pytest

from gongkai.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_it_prints_the_three_due_dates_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "clock", "due", "--received", "2024-02-01", "--json")
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"due", "extended_due", "correction_notice_due", "explanation"}
    assert result["due"] == "2024-03-05"
    assert result["extended_due"] == "2024-04-02"
    assert result["correction_notice_due"] == "2024-02-09"
    assert "2024年2月4日（星期日）为春节调休上班日，计第2个工作日。" in result["explanation"]
    assert "第20个工作日为2024年3月5日，即答复期限。" in result["explanation"]


def test_it_runs_the_reply_period_from_the_corrected_date(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ("clock", "due", "--received", "2024-02-01", "--corrected", "2024-02-20", "--json")
    result = json.loads(run(capsys, *argv)[1])
    assert result["due"] == "2024-03-19"
    assert result["correction_notice_due"] == "2024-02-09"
    assert any(s.startswith("2024年2月20日收到补正后的申请") for s in result["explanation"])


def test_it_prints_plain_text_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "clock", "due", "--received", "2024-09-30")
    assert code == 0
    assert "答复期限：2024-11-01" in out
    assert "2024年10月1日至2024年10月7日为国庆节放假，不计。" in out


def test_it_exits_2_naming_the_year_it_does_not_know(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "clock", "due", "--received", "2026-12-20", "--json")
    assert code == 2
    assert "2027" in err
    assert json.loads(out)["error"]["year"] == 2027


def test_it_takes_a_year_entered_by_hand(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    year = {"year": 2027, "holidays": [{"date": "2027-01-01", "name": "元旦"}]}
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(year, ensure_ascii=False), encoding="utf-8")
    argv = ("clock", "due", "--received", "2026-12-20", "--calendar-year", str(path), "--json")
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert json.loads(out)["due"] == "2027-01-18"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("clock", "due", "--received", "2024-02-30"), "无法识别"),
        (("clock", "due", "--received", "20240201"), "YYYY-MM-DD"),
        (("clock", "due", "--received", "2024-03-05", "--corrected", "2024-03-01"), "早于"),
        (("fee", "per-application", "--count", "-1", "--json"), "不能为负数"),
        (("fee", "per-page", "--pages", "ten"), "不是整数"),
        (("fee", "per-page", "--pages", "2000000"), "超出可计算范围"),
    ],
)
def test_it_explains_bad_input_in_chinese_and_exits_2(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err


def test_it_reports_a_broken_calendar_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "2027.json"
    path.write_text("{not json", encoding="utf-8")
    argv = ("clock", "due", "--received", "2026-12-20", "--calendar-year", str(path))
    code, _, err = run(capsys, *argv)
    assert code == 2 and "不是有效的 JSON" in err


def test_it_prints_the_fee_for_a_month_of_applications(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "fee", "per-application", "--count", "35", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["fee"] == 3000
    assert [t["rate"] for t in result["tiers"]] == [0, 100, 200]


def test_it_prints_the_fee_for_pages(capsys: pytest.CaptureFixture[str]) -> None:
    result = json.loads(run(capsys, "fee", "per-page", "--pages", "250", "--json")[1])
    assert result == {
        "fee": 4700,
        "tiers": [
            {"from": 1, "to": 30, "units": 30, "rate": 0, "amount": 0},
            {"from": 31, "to": 100, "units": 70, "rate": 10, "amount": 700},
            {"from": 101, "to": 200, "units": 100, "rate": 20, "amount": 2000},
            {"from": 201, "to": 250, "units": 50, "rate": 40, "amount": 2000},
        ],
    }
    code, out, _ = run(capsys, "fee", "per-page", "--pages", "250")
    assert code == 0 and "按量计收：250 页，合计 4700 元" in out
