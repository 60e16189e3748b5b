"""Importing 12345 工单 that are disclosure requests: all or nothing, each error named by row
and column in Chinese, each ticket filed as 来自12345 and clocked from its hand-over."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from gongkai.cases.hotline import COLUMNS
from gongkai_web.cases import hotline_import
from gongkai_web.cases.models import Application, HotlineTicket

from .conftest import BUREAU, CALENDAR

pytestmark = pytest.mark.django_db
D = dt.date
HEADER = list(COLUMNS[:-1])  # every column but 电子邮箱
GOOD: list[list[object]] = [
    ["GD001", D(2025, 2, 27), D(2025, 3, 3), "张三", "居民身份证", "11010519491231002X",
     "13800138000", "申请公开2025年学校招生划片范围", ""],
    ["GD002", "2025-02-28", "2025-03-04", "李四", "", "110105194912310046",
     "13900000000", "申请公开学校食堂经费使用情况", "新华区建设路1号"],
]  # fmt: skip


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(actors, cast, data: bytes, name: str = "工单.xlsx"):  # type: ignore[no-untyped-def]
    return hotline_import.import_tickets(
        actor=actors["clerk"], agency=cast.agency(BUREAU), name=name, data=data,
        today=D(2025, 3, 5), calendar=CALENDAR,
    )  # fmt: skip


def test_it_files_each_ticket_as_a_12345_request_received_on_its_hand_over(actors, cast) -> None:
    filed = run(actors, cast, xlsx(GOOD))
    assert [(a.channel, a.received_on) for a in filed] == [
        ("hotline", D(2025, 3, 3)),
        ("hotline", D(2025, 3, 4)),
    ]
    tickets = HotlineTicket.objects.order_by("number")
    assert [(t.number, t.called_on) for t in tickets] == [
        ("GD001", D(2025, 2, 27)),
        ("GD002", D(2025, 2, 28)),
    ]
    assert filed[1].delivery == "post" and filed[0].delivery == "collect"
    assert filed[0].events.get().action == "register"


def test_it_reads_the_same_tickets_from_csv(actors, cast) -> None:
    text = ",".join(HEADER) + "\n" + "\n".join(
        ",".join(str(c) for c in row) for row in GOOD
    )  # fmt: skip
    assert len(run(actors, cast, text.encode("gb18030"), "工单.csv")) == 2


def test_it_imports_nothing_when_a_row_is_wrong_and_names_each_error(actors, cast) -> None:
    bad: list[list[object]] = [
        GOOD[0],
        ["GD002", "2025-03-04", "2025-03-01", "李四", "驾照", "110105194912310046",
         "13900000000", "某信息", ""],
        ["GD001", "2025-03-01", "2025-03-02", "王五", "", "110105194912310046",
         "13900000001", "某信息", ""],
        ["GD005", "2025-03-01", "2025-03-02", "赵六", "", "123", "13900000002", "某信息", ""],
        ["", "", "", "", "", "", "", "", ""],
    ]  # fmt: skip
    with pytest.raises(hotline_import.HotlineImportError) as caught:
        run(actors, cast, xlsx(bad))
    errors = {(e.row, e.column): str(e) for e in caught.value.errors}
    assert set(errors) == {(3, "转交日期"), (3, "证件类型"), (4, "工单号"), (5, "诉求人")}
    assert errors[(3, "转交日期")].startswith("第 3 行“转交日期”列：早于来电日期")
    assert "与第 2 行重复" in errors[(4, "工单号")]
    assert "身份证" in errors[(5, "诉求人")]
    assert "未导入任何工单" in caught.value.message
    assert not Application.objects.exists()


def test_it_refuses_a_ticket_already_imported(actors, cast) -> None:
    run(actors, cast, xlsx(GOOD[:1]))
    with pytest.raises(hotline_import.HotlineImportError) as caught:
        run(actors, cast, xlsx(GOOD))
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "工单号")]
    assert Application.objects.count() == 1


def test_it_says_which_columns_the_header_lacks(actors, cast) -> None:
    book = Workbook()
    book.active.append(["工单号", "诉求内容"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(hotline_import.HotlineImportError) as caught:
        run(actors, cast, out.getvalue())
    assert "表头缺少“来电日期”“转交日期”" in caught.value.errors[0].message


def test_it_imports_from_the_page_for_a_clerk_only(
    cast, login_as, frozen_clock, monkeypatch
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    frozen_clock.set(D(2025, 3, 5))
    agency = cast.agency(BUREAU).pk
    upload = SimpleUploadedFile("工单.xlsx", xlsx(GOOD))
    refused = login_as("jiaoyu_reviewer").post(
        "/cases/hotline/import/", {"agency": agency, "file": upload}
    )
    assert refused.status_code == 403
    assert not Application.objects.exists()
    upload = SimpleUploadedFile("工单.xlsx", xlsx(GOOD))
    response = login_as("jiaoyu_clerk").post(
        "/cases/hotline/import/", {"agency": agency, "file": upload}
    )
    assert response.status_code == 302
    assert Application.objects.filter(channel="hotline").count() == 2
    upload = SimpleUploadedFile("a.xlsx", xlsx(GOOD))
    again = login_as("jiaoyu_clerk").post(
        "/cases/hotline/import/", {"agency": agency, "file": upload}
    )
    html = again.content.decode()
    assert "该工单已登记为依申请公开" in html and 'id="import-errors"' in html
