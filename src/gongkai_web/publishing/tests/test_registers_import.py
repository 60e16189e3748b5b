import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gongkai.publishing.registers import mask_person
from gongkai_web.publishing.models import DecisionRecord

HEADER = ["决定书文号", "当事人", "当事人类型", "决定日期", "事项", "决定内容"]


def xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def post_import(client, agency, name, data, kind="penalty"):
    return client.post(
        f"/publishing/registers/?agency={agency.pk}&year=2024",
        {
            "action": "import",
            "agency": agency.pk,
            "i-kind": kind,
            "i-file": SimpleUploadedFile(name, data),
        },
    )


def test_it_imports_a_clean_spreadsheet_whole(desk, login_as):
    client = login_as("jiaoyu_clerk")
    data = xlsx(
        [
            ["新教罚〔2024〕1号", "张小明", "自然人", "2024-03-15", "校外培训", "警告"],
            [
                "新教罚〔2024〕2号",
                "新华区某培训学校",
                "法人或其他组织",
                "2024/4/2",
                "校外培训",
                "罚款5000元",
            ],
        ]
    )
    response = post_import(client, desk.agency, "处罚.xlsx", data)

    assert response.status_code == 302
    assert DecisionRecord.objects.filter(agency=desk.agency, kind="penalty").count() == 2
    page = client.get(f"/publishing/registers/?agency={desk.agency.pk}&year=2024").content.decode()
    assert "张**" in page and "张小明" not in page


def test_it_refuses_the_whole_file_and_lists_every_bad_row(desk, login_as):
    client = login_as("jiaoyu_clerk")
    data = xlsx(
        [
            ["新教罚〔2024〕1号", "张小明", "自然人", "2024-03-15", "", "警告"],
            ["", "李四", "个体户", "2024-13-01", "", "警告"],
            ["新教罚〔2024〕1号", "王五", "自然人", "2024-05-01", "", ""],
        ]
    )
    response = post_import(client, desk.agency, "处罚.xlsx", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert DecisionRecord.objects.count() == 0
    for expected in (
        "第 3 行“决定书文号”列：不能为空",
        "第 3 行“当事人类型”列：“个体户”应为“自然人”或“法人或其他组织”",
        "第 3 行“决定日期”列：“2024-13-01”不是有效的日期",
        "第 4 行“决定书文号”列：与第 2 行重复",
        "第 4 行“决定内容”列：不能为空",
        "整个文件未导入",
    ):
        assert expected in page


def test_it_reads_csv_in_gb18030_and_refuses_a_number_already_registered(desk, login_as):
    client = login_as("jiaoyu_clerk")
    text = "\n".join([",".join(HEADER), "新教强〔2024〕1号,某公司,法人,2024-06-01,,查封"])
    assert (
        post_import(
            client, desk.agency, "强制.csv", text.encode("gb18030"), kind="coercion"
        ).status_code
        == 302
    )
    again = post_import(client, desk.agency, "强制.csv", text.encode("gb18030"), kind="coercion")
    assert "“新教强〔2024〕1号”已登记过" in again.content.decode()
    assert DecisionRecord.objects.filter(kind="coercion").count() == 1


def test_it_explains_a_wrong_header_and_a_wrong_file_type(desk, login_as):
    client = login_as("jiaoyu_clerk")
    wrong_header = "编号,姓名\n1,张三\n".encode()
    assert "表头缺少" in post_import(client, desk.agency, "a.csv", wrong_header).content.decode()
    assert (
        "不是 XLSX 或 CSV 文件" in post_import(client, desk.agency, "a.xls", b"xx").content.decode()
    )
    assert DecisionRecord.objects.count() == 0


def test_it_masks_a_persons_name_but_keeps_the_surname():
    assert [mask_person(n) for n in ("张三", "欧阳小明", "李")] == ["张*", "欧***", "李"]


def test_it_records_a_large_import_in_one_audit_row_that_fits_its_columns(desk, login_as):
    from gongkai_web.audit.models import AuditEntry

    rows = [[f"新教许〔2024〕{n}号", f"某公司{n}", "法人", "2024-03-15", "", "准予许可"]
            for n in range(1, 61)]  # fmt: skip
    response = post_import(
        login_as("jiaoyu_clerk"), desk.agency, "许可.xlsx", xlsx(rows), "licensing"
    )

    assert response.status_code == 302
    added = AuditEntry.objects.get(action="register.licensing.added")
    ids = sorted(DecisionRecord.objects.values_list("pk", flat=True))
    assert added.changes["count"] == 60 and sorted(added.changes["ids"]) == ids
    assert len(added.object_id) <= 64


FEE_HEADER = ["收费项目", "收费依据", "金额（元）", "收费日期"]


def fee_xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(FEE_HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def post_fees(client, agency, name, data):
    return client.post(
        f"/publishing/registers/?agency={agency.pk}&year=2024",
        {"action": "import_fees", "agency": agency.pk, "g-file": SimpleUploadedFile(name, data)},
    )


def test_it_imports_a_fee_ledger_whole_and_table_two_sums_it(desk, login_as):
    import datetime as dt

    from gongkai_web.publishing import selectors
    from gongkai_web.publishing.models import FeeRecord

    client = login_as("jiaoyu_clerk")
    data = fee_xlsx(
        [
            ["教师资格认定体检费", "豫发改收费〔2019〕1号", 12000, dt.date(2024, 4, 15)],
            ["普通话水平测试费", "豫发改收费〔2019〕2号", "8,500.50", "2024-11-20"],
        ]
    )
    response = post_fees(client, desk.agency, "收费.xlsx", data)

    assert response.status_code == 302
    assert FeeRecord.objects.filter(agency=desk.agency).count() == 2
    assert selectors.fee_total(desk.agency, 2024) == Decimal("20500.50")


def test_it_refuses_a_fee_ledger_with_a_bad_row_and_names_it(desk, login_as):
    from gongkai_web.publishing.models import FeeRecord

    client = login_as("jiaoyu_clerk")
    data = fee_xlsx(
        [
            ["体检费", "某文件", "12000", "2024-04-15"],
            ["体检费", "", "-5", "2024-02-30"],
            ["测试费", "某文件", "12.345", "2024-05-01"],
        ]
    )
    page = post_fees(client, desk.agency, "收费.xlsx", data).content.decode()

    assert FeeRecord.objects.count() == 0
    for expected in (
        "第 3 行“收费依据”列：不能为空",
        "第 3 行“金额（元）”列：金额须为正数，单位元，最多两位小数",
        "第 3 行“收费日期”列：“2024-02-30”不是有效的日期",
        "第 4 行“金额（元）”列：金额须为正数",
        "整个文件未导入",
    ):
        assert expected in page
    wrong = "项目,金额\n体检费,1\n".encode()
    assert (
        "表头缺少“收费项目”“收费依据”“金额（元）”“收费日期”列"
        in post_fees(client, desk.agency, "a.csv", wrong).content.decode()
    )
