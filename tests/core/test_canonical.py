"""Reading the canonical JSON: a wrong shape is refused with a message naming the key."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.report import ReportShapeError, check, dumps, load, loads
from gongkai.report.canonical import to_dict

SEED = (
    Path(__file__).resolve().parents[2] / "src/gongkai/report/examples/xinhua-education-2024.json"
)


def seed_dict() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8"))


def refused(data: object) -> ReportShapeError:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    with pytest.raises(ReportShapeError) as info:
        loads(text)
    return info.value


def test_it_reads_the_seed() -> None:
    report = load(SEED)
    assert report.agency == "新华区教育局"
    assert report.table2.licensing == 16
    assert report.table2.fees == Decimal("3.1")
    assert report.sections is not None
    assert "2135" in report.sections.overview.platforms


def test_it_writes_what_it_read() -> None:
    assert to_dict(loads(dumps(load(SEED)))) == seed_dict()


def test_it_refuses_text_that_is_not_json() -> None:
    assert "不是有效的 JSON" in refused("{not json").message


def test_it_names_a_missing_row() -> None:
    data = seed_dict()
    del data["table3"]["deny_4"]
    error = refused(data)
    assert error.path == "table3.deny_4"
    assert "缺少" in error.message


def test_it_names_an_unknown_key() -> None:
    data = seed_dict()
    data["table3"]["deny_9"] = [0] * 7
    error = refused(data)
    assert error.path == "table3.deny_9"
    assert "未知的键" in error.message


def test_it_keeps_extension_keys() -> None:
    data = seed_dict()
    data["x-source"] = {"url": "http://example.invalid/"}
    assert to_dict(loads(json.dumps(data)))["x-source"] == {"url": "http://example.invalid/"}


def test_it_names_a_row_of_the_wrong_length() -> None:
    data = seed_dict()
    data["table3"]["new"] = [0] * 6
    error = refused(data)
    assert error.path == "table3.new"
    assert "应有 7 个数字" in error.message


def test_it_names_a_cell_that_is_text() -> None:
    data = seed_dict()
    data["table4"][3] = "无"
    error = refused(data)
    assert error.path == "table4[3]"


def test_it_refuses_a_boolean_count() -> None:
    data = seed_dict()
    data["table2"]["licensing"] = True
    assert refused(data).path == "table2.licensing"


def test_it_refuses_a_bad_year_and_format() -> None:
    data = seed_dict()
    data["year"] = "2024"
    assert refused(data).path == "year"
    data = seed_dict()
    data["format"] = "gov-info-annual-report/2019"
    assert refused(data).path == "format"


def test_it_leaves_negative_and_fractional_counts_to_the_integer_rule() -> None:
    data = seed_dict()
    data["table3"]["new"][0] = -1
    data["table3"]["new"][6] = -1
    data["table3"]["carried"][0] = 1.5
    data["table2"]["fees"] = -2
    findings = [f for f in check(loads(json.dumps(data))) if f.rule == "T-INTEGER"]
    assert {f.where for f in findings} == {
        "table3.new[0]",
        "table3.new[6]",
        "table3.carried[0]",
        "table2.fees",
    }
    assert any("不能为负数" in f.message for f in findings)
    assert any("不能带小数" in f.message for f in findings)


def test_it_reads_a_whole_number_written_with_a_point_as_a_count() -> None:
    data = seed_dict()
    data["table2"]["licensing"] = 16.0
    assert loads(json.dumps(data)).table2.licensing == 16
