"""The audit administrator searches the log and exports it as CSV and XLSX."""

from __future__ import annotations

import io
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gongkai_web.audit.models import AuditEntry
from gongkai_web.organizations.tests.cast import Cast


def test_it_searches_by_action_prefix(cast: Cast, login_as: Callable[[str], Client]) -> None:
    page = login_as("auditor").get(reverse("audit:log"), {"action": "role."}).content.decode()
    assert "role.granted" in page
    assert "agency.created" not in page


def test_it_searches_by_actor_or_agency(cast: Cast, login_as: Callable[[str], Client]) -> None:
    page = login_as("auditor").get(reverse("audit:log"), {"text": "新华区财政局"}).content.decode()
    assert "新华区财政局" in page
    assert "新华区卫生健康委员会</td>" not in page


def test_it_exports_csv_that_excel_reads_as_utf8(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    response = login_as("auditor").get(reverse("audit:export_csv"), {"action": "agency."})
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff序号,时间,操作人")
    assert body.count("agency.created") == 8
    assert response["Content-Disposition"].endswith('.csv"')


def test_it_exports_xlsx_and_logs_the_export(cast: Cast, login_as: Callable[[str], Client]) -> None:
    response = login_as("auditor").get(reverse("audit:export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "审计日志" and rows[1][:3] == ("序号", "时间", "操作人")
    assert len(rows) - 2 == AuditEntry.objects.count() - 1  # the export's own entry comes after
    assert AuditEntry.objects.filter(action="audit.exported", actor_name="auditor").exists()


def test_the_chain_page_reports_intact(cast: Cast, login_as: Callable[[str], Client]) -> None:
    page = login_as("auditor").get(reverse("audit:chain")).content.decode()
    assert "审计链完好" in page


def test_no_exported_cell_is_a_formula(cast: Cast, login_as: Callable[[str], Client]) -> None:
    from django.contrib.auth.models import User
    from django.db import transaction

    from gongkai_web.audit import services as audit

    mallory = User.objects.create_user('=HYPERLINK("http://evil.example/")')
    with transaction.atomic():
        audit.record(
            actor=audit.Actor(user=mallory, address="-2+3"),
            action="account.logged_in",
            object_id="@SUM(A1)",
        )
    client = login_as("auditor")
    body = client.get(reverse("audit:export_csv"), {"action": "account.logged_in"}).content
    text = body.decode("utf-8")
    assert "'=HYPERLINK" in text and ",'@SUM(A1)," in text and ",'-2+3," in text
    assert ",=" not in text and ",@" not in text
    sheet = load_workbook(io.BytesIO(client.get(reverse("audit:export_xlsx")).content)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert '\'=HYPERLINK("http://evil.example/")' in {c.value for c in cells}
