"""How the cells after a label become the official cells: never a guess."""

from __future__ import annotations

from gongkai.parse.cells import Kind, Reason, make_cell, pick, row_total
from gongkai.parse.lines import split_line


def cells(*texts: str) -> list:  # type: ignore[type-arg]
    return [make_cell(t, 0) for t in texts]


def values(*texts: str, n: int = 7, at_end: bool = False) -> list[object]:
    picked = pick(cells(*texts), n, row_total if n == 7 else None, at_end=at_end)
    return [s.value if s.value is not None else s.reason for s in picked.slots]


def test_it_splits_a_run_of_seven_single_digits_into_seven_cells() -> None:
    assert values("0000000") == [0] * 7
    assert values("1000001") == [1, 0, 0, 0, 0, 0, 1]


def test_it_splits_a_longer_run_only_when_one_split_fits_the_row_total() -> None:
    assert values("120000012") == [12, 0, 0, 0, 0, 0, 12]


def test_it_refuses_to_split_a_run_that_splits_more_than_one_way() -> None:
    assert values("11000011") == [Reason.AMBIGUOUS] * 7


def test_it_refuses_a_seven_digit_run_whose_only_split_breaks_the_row_total() -> None:
    assert values("1234567") == [Reason.AMBIGUOUS] * 7


def test_it_reads_a_lone_number_in_table_two_as_null_when_it_may_be_a_run() -> None:
    # "1234" where three cells belong may be 1234 in one cell or 1 | 23 | 4 written together
    # (a crawled page's line ending after them): right or null, never a guess.
    assert values("1234", n=3) == [Reason.AMBIGUOUS] * 3
    assert values("000", n=3) == [0, 0, 0]
    # Too short to hold three numbers: one number, read from the left.
    assert values("12", n=3) == [12, Reason.MISSING, Reason.MISSING]
    # An empty cell beside it says where the number stands: no run.
    assert values("1234", "", "", n=3) == [1234, Reason.BLANK, Reason.BLANK]


def test_it_reads_slash_dash_and_blank_cells_as_null_with_their_reason() -> None:
    assert values("/", "-", "", n=3) == [Reason.SLASH, Reason.DASH, Reason.BLANK]
    assert values("——", n=1) == [Reason.DASH]


def test_it_skips_the_padding_of_a_label_spanning_two_columns() -> None:
    assert values("", "1", "2", "3", "0", "0", "0", "6", "") == [1, 2, 3, 0, 0, 0, 6]


def test_it_keeps_a_blank_cell_between_numbers_where_it_stands() -> None:
    assert values("", "1", "", "3", "0", "0", "0", "4", "") == [1, Reason.BLANK, 3, 0, 0, 0, 4]


def test_it_says_cut_when_the_text_ends_inside_a_row() -> None:
    assert values("0", "0", at_end=True)[2:] == [Reason.CUT] * 5


def test_it_reads_numbers_with_units_and_thousands_separators() -> None:
    assert make_cell("1,281", 0).value == 1281
    assert make_cell("12件", 0).value == 12
    assert str(make_cell("３．１", 0).value) == "3.1"
    assert make_cell("1.属于国家秘密", 0).kind is Kind.LABEL


def test_it_splits_lines_in_each_copied_layout() -> None:
    assert split_line("规章 | 0 | 0 | 0 |") == ["规章 ", " 0 ", " 0 ", " 0 "]
    assert split_line("0 |") == ["0 "]
    assert split_line("|") == []
    assert split_line("规章\t0\t0\t") == ["规章", "0", "0", ""]
    assert split_line("1. 属于国家秘密 0 0 0 0 0 0 0") == ["1. 属于国家秘密", *["0"] * 7]
    assert split_line("2024 年度，我局共公开信息 120 条。") == [
        "2024 年度，我局共公开信息 120 条。"
    ]


def test_it_knows_the_rows_some_reports_print_without_numbering() -> None:
    from gongkai.parse import parse_bytes
    from gongkai.report.render.text import text_lines

    from .test_formats import SEED

    lines = [
        line.replace("3.其他", "其他").replace("（七）总计", "总计") for line in text_lines(SEED)
    ]
    result = parse_bytes("\n".join(lines).encode())
    assert result.report is not None
    assert result.report.table3 == SEED.table3
    assert result.findings == ()
