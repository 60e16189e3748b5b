"""The ledger: exported in the clerks' columns, imported all or nothing with named errors."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gongkai_web.audit.services import Actor
from gongkai_web.cases import ledger, selectors
from gongkai_web.cases.models import Application

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 30)
GOOD = [
    "",
    "2024-12-20",
    "当面提交",
    "自然人",
    "张三",
    "居民身份证",
    "11010519491231002X",
    "13800138000",
    "2024年学校名单",
    "纸质",
    "自行领取",
    "",
    "（一）予以公开",
    "2025-01-10",
    "新财公复〔2025〕1号",
    "",
]


def workbook(*rows: list[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(ledger.COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def clerk(cast) -> Actor:  # type: ignore[no-untyped-def]
    return Actor(cast.user("caizheng_clerk"), "clerk", cast.agency("新华区财政局"))


def test_it_imports_a_ledger_and_counts_it_in_table_3(cast) -> None:
    open_case = [*GOOD[:12], "", "", "", ""]
    company = [*GOOD]
    company[3:7] = ["商业企业", "某某科技有限公司", "统一社会信用代码", "91350100M000100Y43"]
    company[12] = "4.保护第三方合法权益"
    data = workbook(GOOD, open_case, company)
    agency = cast.agency("新华区财政局")
    assert ledger.import_ledger(actor=clerk(cast), agency=agency, data=data, today=TODAY) == 3
    table = selectors.table3(agency, 2024)
    assert table["new"] == (2, 1, 0, 0, 0, 0, 3)
    assert table["carry_next"] == (2, 1, 0, 0, 0, 0, 3)
    table = selectors.table3(agency, 2025)
    assert table["carried"][6] == 3
    assert table["granted"][0] == 1 and table["deny_4"][1] == 1
    assert table["carry_next"][0] == 1


def test_it_names_every_bad_row_and_column_and_imports_nothing(cast) -> None:
    bad_date = [*GOOD]
    bad_date[1] = "2024/13/01"
    bad_type = [*GOOD]
    bad_type[3] = "个人"
    bad_id = [*GOOD]
    bad_id[6] = "110105194912310021"
    no_date = [*GOOD]
    no_date[13] = ""
    with pytest.raises(ledger.LedgerImportError) as caught:
        ledger.import_ledger(
            actor=clerk(cast),
            agency=cast.agency("新华区财政局"),
            data=workbook(GOOD, bad_date, bad_type, bad_id, no_date),
            today=TODAY,
        )
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {(3, "收到日期"), (4, "申请人类型"), (5, "申请人"), (6, "办理结果")}
    assert "不是日期" in str(caught.value.errors[0])
    assert not Application.objects.exists()


def test_it_refuses_a_file_that_is_not_a_ledger(cast) -> None:
    with pytest.raises(ledger.LedgerImportError, match="未导入"):
        ledger.parse(b"not a spreadsheet", TODAY)
    book = Workbook()
    book.active.append(["姓名"])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ledger.LedgerImportError) as caught:
        ledger.parse(out.getvalue(), TODAY)
    assert {e.message for e in caught.value.errors} == {"缺少这一列"}


def test_it_exports_the_ledger_with_masked_id_numbers(submit, login_as) -> None:
    submit()
    response = login_as("jiaoyu_clerk").get(reverse("cases:ledger") + "?year=2025")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "2025年依申请公开台账"
    assert rows[1] == ledger.COLUMNS
    assert rows[2][4] == "张三" and rows[2][6] == "1101**********002X"
    assert len(rows) == 3
    other = login_as("caizheng_clerk").get(reverse("cases:ledger")).content
    rows = list(load_workbook(io.BytesIO(other)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[2:]] == ["无"]  # another agency's applications stay out


def test_it_shows_import_errors_on_the_page(cast, login_as) -> None:
    bad = [*GOOD]
    bad[2] = "飞鸽传书"
    client = login_as("caizheng_clerk")
    upload = io.BytesIO(workbook(bad))
    upload.name = "台账.xlsx"
    page = client.post(
        reverse("cases:ledger_import"), {"agency": cast.agency("新华区财政局").pk, "file": upload}
    )
    text = page.content.decode()
    assert "未导入任何记录" in text and "飞鸽传书" in text


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://evil.example/","点我")', "+1+cmd|' /C calc'!A0", "@SUM(1)"]
)
def test_it_never_exports_an_applicants_name_as_a_formula(submit, login_as, name) -> None:
    submit(name=name, description="\t=1+1")
    response = login_as("jiaoyu_clerk").get(reverse("cases:ledger") + "?year=2025")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {c.column_letter: c for c in sheet[3]}  # under the title row and the header
    assert cells["E"].data_type == "s" and cells["E"].value == "'" + name
    assert cells["I"].value == "'=1+1"  # the service strips the tab; the = stays text
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_it_enters_the_closed_rows_archived_through_the_import_move(cast) -> None:
    from gongkai_web.audit.models import AuditEntry

    open_case = [*GOOD[:12], "", "", "", ""]
    agency = cast.agency("新华区财政局")
    ledger.import_ledger(
        actor=clerk(cast), agency=agency, data=workbook(GOOD, open_case), today=TODAY
    )
    closed, still_open = Application.objects.order_by("received_on", "pk")
    assert (closed.state, still_open.state) == ("archived", "registered")
    events = [(e.action, e.from_state, e.to_state, e.on, e.note) for e in closed.events.all()]
    assert events == [
        ("register", "", "registered", dt.date(2024, 12, 20), "台账导入（第 2 行）"),
        ("import", "registered", "archived", dt.date(2025, 1, 10), "台账导入（第 2 行）"),
    ]
    [audit] = AuditEntry.objects.filter(action="case.import")
    assert audit.object_id == str(closed.pk) and audit.changes["row"] == 2


def test_it_lets_only_a_clerk_enter_a_closed_case(cast) -> None:
    reviewer = Actor(cast.user("jiaoyu_reviewer"), "reviewer", cast.agency("新华区教育局"))
    with pytest.raises(ledger.LedgerImportError) as caught:
        ledger.import_ledger(
            actor=reviewer, agency=cast.agency("新华区教育局"), data=workbook(GOOD), today=TODAY
        )
    assert "须由登记员/承办人或系统后台任务办理" in str(caught.value.errors[0])
    assert not Application.objects.exists()
