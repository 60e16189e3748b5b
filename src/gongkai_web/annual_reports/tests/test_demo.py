import re

import pytest
from django.core.management import call_command

from gongkai.report import canonical
from gongkai.report.rules import Severity
from gongkai_web.annual_reports import demo, services, snapshot
from gongkai_web.annual_reports.models import AnnualReport, ReportStatus, Source
from gongkai_web.annual_reports.selectors import as_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(db, settings):
    # One load per test, with the seed's 2,135 posts each through 三审三校 (the tests' demo
    # holds fewer): the tests below are few and each checks much.
    settings.GONGKAI_DEMO_POSTS = 2135
    call_command("load_demo", verbosity=0)


def test_it_generates_the_seed_report_from_the_demo_records(loaded):
    stored = AnnualReport.objects.get(agency_name="新华区教育局", year=2024)
    seed = canonical.loads(demo.seed_report_bytes())

    report = as_report(stored)
    assert stored.source == Source.GENERATED
    assert stored.status == ReportStatus.PUBLISHED
    assert report.table2 == seed.table2
    assert dict(report.table3) == dict(seed.table3)
    assert report.table4 == seed.table4
    assert (report.table2.licensing, report.table2.fees) == (16, seed.table2.fees)

    # every figure its prose states comes from the records
    text = report.sections.overview.platforms
    assert "{{" not in text
    assert re.search(r"23\s*家", text) and re.search(r"2135\s*条", text)
    assert stored.facts["media.accounts_open"]["value"] == 23
    assert len(stored.facts["media.posts"]["refs"]) == 2135
    assert report.sections.overview.oversight == seed.sections.overview.oversight
    # published without an error; the drill-down lists match the cells
    assert not [f for f in services.findings(stored) if f.severity is Severity.ERROR]
    assert len(stored.drilldown["table2.licensing"]) == 16
    assert snapshot.cell_value(report, "table2.fees") == stored_fee(stored)
    # other departments have applications for the roll-up
    draft = AnnualReport.objects.get(agency_name="新华区财政局", year=2024)
    from gongkai_web.cases.selectors import table3

    assert dict(as_report(draft).table3) == table3(draft.agency, 2024)
    assert as_report(draft).table3["new"][6] > 0
    assert draft.status == ReportStatus.DRAFT


def stored_fee(stored):
    from decimal import Decimal

    from gongkai_web.publishing.models import FeeRecord

    pks = [r["pk"] for r in stored.drilldown["table2.fees"]]
    total = sum(FeeRecord.objects.filter(pk__in=pks).values_list("amount", flat=True))
    return (Decimal(total) / 10000).normalize()
