"""`gongkai-web report_json`: 淮安市洪泽区人民政府's 2024 report, generated from the records the
demo enters through the services, equals its published report in every cell it prints."""

from __future__ import annotations

import importlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from gongkai.report import canonical, check
from gongkai_web import demo
from gongkai_web.annual_reports.models import AnnualReport, ReportStatus
from gongkai_web.cases.clock import dues
from gongkai_web.cases.models import Application, LetterKind
from gongkai_web.operations.calendar_years import current_calendar

REFERENCE = Path(__file__).parents[4] / "tests/fixtures/corpus/reference/hongze-2024.json"
AGENCY = "淮安市洪泽区人民政府"
# The hongze modules of the demo, in its load order (each needs the ones before it); the
# tests' load_demo leaves them out (GONGKAI_DEMO_HONGZE), so they are loaded here, once.
MODULES = tuple(name for name in demo.DEMO_MODULES if name.endswith(demo.HONGZE_SUFFIX))


@pytest.fixture(scope="module")
def hongze(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """One load for the module (a year of records through the services), rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        for name in MODULES:
            assert importlib.import_module(name).load()
        yield
        transaction.set_rollback(True)


def test_it_registers_the_four_hongze_modules_and_loads_them_when_the_setting_is_on(
    settings: Any,
) -> None:
    assert [name.split(".")[1] for name in MODULES] == [
        "organizations", "publishing", "cases", "annual_reports"
    ]  # fmt: skip
    settings.GONGKAI_DEMO_HONGZE = False
    assert not any(m.__name__ in MODULES for m in demo.modules())
    settings.GONGKAI_DEMO_HONGZE = True
    assert [m.__name__ for m in demo.modules() if m.__name__ in MODULES] == list(MODULES)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report_json", *args, stdout=out)
    return out.getvalue()


def non_null_cells(expected: Any, got: Any, path: str) -> Iterator[tuple[str, Any, Any]]:
    if isinstance(expected, dict):
        for key, value in expected.items():
            yield from non_null_cells(value, got[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert len(expected) == len(got), path
        for index, (value, found) in enumerate(zip(expected, got, strict=True)):
            yield from non_null_cells(value, found, f"{path}[{index}]")
    elif expected is not None:
        yield path, expected, got


@pytest.mark.django_db
def test_it_prints_the_published_report_equal_to_the_reference_in_every_cell(hongze) -> None:
    printed = json.loads(run("--agency", AGENCY, "--year", "2024"))
    expected = json.loads(REFERENCE.read_text(encoding="utf-8"))["expected"]

    cells = [
        cell
        for table in ("table2", "table3", "table4")
        for cell in non_null_cells(expected[table], printed[table], table)
    ]
    assert len(cells) == 179  # all but the three 其他处理 rows the published layout lacks
    assert [(path, want, got) for path, want, got in cells if want != got] == []
    report = canonical.from_dict(printed)
    assert check(report) == []
    assert AnnualReport.objects.get(agency_name=AGENCY, year=2024).status == ReportStatus.PUBLISHED
    # the narrative's figures are the records'
    assert report.sections is not None
    overview = report.sections.overview
    assert "新收政府信息公开申请95件" in overview.on_request
    assert "行政许可决定9487件" in overview.proactive and "7545万元" in overview.proactive
    assert "{{" not in json.dumps(printed, ensure_ascii=False)


@pytest.mark.django_db
def test_it_reached_every_application_through_the_workflow_in_time(hongze) -> None:
    calendar = current_calendar()
    applications = Application.objects.filter(agency__name=AGENCY, received_on__year=2024)
    assert applications.count() == 95
    for application in applications.prefetch_related("letters", "consultations"):
        assert application.state == "archived"
        kinds = {letter.kind for letter in application.letters.all()}
        assert LetterKind.REPLY in kinds, application.tracking_number
        signers = {application.drafted_by_id, application.reviewed_by_id, application.signed_by_id}
        assert len(signers) == 3 and None not in signers
        assert application.closed_on is not None
        due = dues(application, calendar, application.closed_on).due
        assert due is not None and application.closed_on <= due, application.tracking_number


@pytest.mark.django_db
def test_it_prints_a_fresh_draft_when_nothing_is_published_and_saves_nothing(hongze) -> None:
    before = AnnualReport.objects.count()
    printed = json.loads(run("--agency", AGENCY, "--year", "2025"))

    assert printed["table2"]["normative_documents"] == {"issued": 0, "repealed": 0, "in_force": 8}
    assert printed["table3"]["new"][6] == 0 and printed["table2"]["licensing"] == 0
    assert AnnualReport.objects.count() == before


@pytest.mark.django_db
def test_it_exits_2_naming_an_unknown_agency_or_a_year_without_records(hongze) -> None:
    with pytest.raises(CommandError, match="没有名为“洪泽区政府”的机关") as unknown:
        run("--agency", "洪泽区政府", "--year", "2024")
    assert unknown.value.returncode == 2
    assert "请核对机关全称" in str(unknown.value)
    with pytest.raises(CommandError, match=f"{AGENCY} 2019 年度没有已公开的年度报告") as empty:
        run("--agency", AGENCY, "--year", "2019")
    assert empty.value.returncode == 2
    assert "先录入该年度的记录" in str(empty.value)
