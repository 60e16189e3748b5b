"""The ledgers the web project exports print as ledgers: the application ledger (台账), the
audit log and the supervisor's overview of annual reports, each on A4 one page wide with its
header on every page (printed by LibreOffice Calc)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from tests.printing import Page, assert_page_setup, needs_calc, pages_needed, print_xlsx, squeeze

from gongkai_web.annual_reports import overview
from gongkai_web.cases import ledger
from gongkai_web.organizations.tests.cast import Cast

from .conftest import BUREAU  # noqa: F401  (the cases fixtures come from the conftest)


@pytest.fixture
def exports(cast: Cast, login_as: Callable[[str], Client], submit) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    for day in range(3, 8):
        submit(received=dt.date(2025, 3, day))
    found = [
        overview.Row(i, f"新华区第{i}局", "department", 1, None, "", overview.State.DRAFT, 0, 0,
                     dt.date(2025, 1, 31), None)
        for i in range(1, 6)
    ]  # fmt: skip
    return {
        "ledger": login_as("jiaoyu_clerk").get(reverse("cases:ledger") + "?year=2025").content,
        "audit": login_as("auditor").get(reverse("audit:export_xlsx")).content,
        "overview": overview.as_xlsx(found, 2024),
    }


def test_it_sets_up_every_exported_ledger_for_a4(exports: dict[str, bytes]) -> None:
    for data in exports.values():
        assert_page_setup(data)


def test_it_reads_its_own_ledger_below_the_title_row(exports: dict[str, bytes]) -> None:
    # The export masks resident ID numbers, so its rows are refused, each by its own row number.
    with pytest.raises(ledger.LedgerImportError) as caught:
        ledger.parse(exports["ledger"], dt.date(2025, 3, 10))
    assert [(e.row, e.column) for e in caught.value.errors] == [(r, "申请人") for r in range(3, 8)]


@needs_calc
def test_it_prints_every_ledger_one_page_wide_with_its_header_on_every_page(
    exports: dict[str, bytes],
) -> None:
    printed: dict[str, list[Page]] = print_xlsx(exports)
    headers = {
        "ledger": "".join(ledger.COLUMNS),
        "audit": "序号时间操作人角色机关操作对象类型对象编号变更内容来源地址SM3哈希",
        "overview": "".join(overview.HEADER).replace(" ", ""),
    }
    for name, pages in printed.items():
        assert len(pages) == pages_needed(exports[name]), name
        for page in pages:
            assert headers[name] in squeeze(page.text), name
    assert len(printed["ledger"]) == 1 and printed["ledger"][0].landscape
    assert len(printed["audit"]) > 1  # the demo cast's log runs over pages, the header repeated
