"""The text checker in the annual report: its notices in the report's checks and in the
narrative editor, a part fixed in one click through the normal save (audited), and a report
with such text still submitted and published (notices never block)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.report.rules import Severity
from gongkai_web.annual_reports import checks, narrative, selectors, services
from gongkai_web.annual_reports.models import AnnualReport
from gongkai_web.annual_reports.tests.conftest import AFTER_YEAR, BUREAU, publish_report
from gongkai_web.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
SLOPPY = "一是规范信息管理,本年新收申请 {{table3.new[6]}} 件。。截至2024-12-31全部办结。"
CLEAN = "一是规范信息管理，本年新收申请{{table3.new[6]}}件。截至2024年12月31日全部办结。"


@pytest.fixture
def draft(cast, actors):  # type: ignore[no-untyped-def]
    stored = services.create_report(
        actor=actors["clerk"], agency=cast.agency(BUREAU), year=2024, as_of=AFTER_YEAR
    )
    return services.save_narrative(
        actor=actors["clerk"], stored=stored, parts={"management": SLOPPY}
    )


def test_it_tidies_a_part_keeping_its_tokens_read_as_numbers() -> None:
    assert narrative.tidy(SLOPPY) == CLEAN
    assert narrative.tidy("推送{{ media.posts }}条,") == "推送{{ media.posts }}条，"
    assert narrative.tidy(CLEAN) == CLEAN


def test_it_lists_a_notice_per_part_with_problems_in_the_reports_checks(draft) -> None:  # type: ignore[no-untyped-def]
    notices = checks.text_notices(selectors.as_report(draft))
    assert [(n.rule, n.severity, n.where) for n in notices] == [
        ("TEXT-HYGIENE", Severity.NOTICE, "sections.management")
    ]
    assert notices[0].found == 5
    assert "半角逗号1处" in notices[0].message and "数字两侧空格2处" in notices[0].message
    # Notices are not among the findings that gate the workflow, and no acknowledgement waits.
    assert not [f for f in services.findings(draft) if f.rule == "TEXT-HYGIENE"]


def test_it_shows_the_findings_in_the_editor_and_fixes_a_part_in_one_click(login_as, draft) -> None:  # type: ignore[no-untyped-def]
    client = login_as("jiaoyu_clerk")
    url = reverse("annual_reports:narrative", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "文字检查：</strong>5 处" in page
    assert "半角逗号：“,”应为“，”" in page and "一键改正本部分" in page
    work = client.get(reverse("annual_reports:work", args=[draft.pk])).content.decode()
    assert "<strong>提示</strong>" in work and "到正文中改正</a>" in work

    partial = client.post(
        reverse("annual_reports:narrative_fix", args=[draft.pk]),
        {"key": "management"},
        HTTP_HX_REQUEST="true",
    )

    assert partial.status_code == 200
    body = partial.content.decode()
    assert 'id="part-management"' in body and "文字检查" not in body
    stored = AnnualReport.objects.get(pk=draft.pk)
    assert stored.narrative["management"] == CLEAN
    assert (
        "本年新收申请0件。截至2024年12月31日"
        in stored.canonical["sections"]["overview"]["management"]
    )
    entry = AuditEntry.objects.filter(action="annual_report.narrative").latest("pk")
    assert entry.changes == {"parts": ["management"], "text_fixes": 5}


def test_it_refuses_a_fix_from_someone_else_and_when_nothing_is_left(
    login_as, actors, draft
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(services.ReportRefused):
        services.fix_text(actor=actors["other_clerk"], stored=draft, key="management")
    services.fix_text(actor=actors["clerk"], stored=draft, key="management")
    with pytest.raises(services.ReportRefused, match="没有可自动改正"):
        services.fix_text(actor=actors["clerk"], stored=draft, key="management")
    with pytest.raises(services.ReportRefused, match="没有这一部分"):
        services.fix_text(actor=actors["clerk"], stored=draft, key="nothing")


def test_it_publishes_the_seed_report_with_its_half_width_commas(cast, actors, seed_report) -> None:  # type: ignore[no-untyped-def]
    # The seed is a real published report: its text keeps what it printed. The notices show
    # it; they stop nothing and need no acknowledgement, so the published text is the seed's.
    stored = publish_report(actors, cast.agency(BUREAU), seed_report)
    notices = checks.text_notices(selectors.as_report(stored))
    assert sum(n.found for n in notices) >= 41  # type: ignore[misc]
    assert stored.status == "published"
    assert selectors.as_report(stored).sections == seed_report.sections
    assert not any(key.startswith("TEXT-HYGIENE") for key in stored.acknowledgements)
