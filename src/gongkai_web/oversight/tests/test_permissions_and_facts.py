"""Who sees and changes 监督保障, and the facts section 一（五） of the report is offered."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

from gongkai.scoring.score import Period
from gongkai_web.oversight import services
from gongkai_web.oversight.models import Adjustment, GroupRole, Organiser, ScoringStandard
from gongkai_web.oversight.report_facts import oversight_facts
from gongkai_web.oversight.tests.conftest import CALENDAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(cast, leader, bureau, standard, post):
    post(dt.date(2024, 3, 5))
    return services.run_scoring(
        actor=leader, agency=bureau, year=2024, period=Period.YEAR_END, calendar=CALENDAR
    )


def test_it_hides_one_agencys_scores_from_another_agencys_clerk(login_as, bureau, scored):
    other = login_as("caizheng_clerk")
    assert other.get(f"/oversight/runs/{scored.pk}/").status_code == 404
    assert other.get(f"/oversight/runs/{scored.pk}/scores.docx").status_code == 404
    assert other.get(f"/oversight/runs/{scored.pk}/lines/").status_code == 404
    assert other.get(f"/oversight/scores/?agency={bureau.pk}").status_code == 403
    assert other.get(f"/oversight/report-facts/?agency={bureau.pk}").status_code == 403


def test_it_lets_no_other_agency_alter_the_standard_or_the_scores(login_as, bureau, scored):
    other = login_as("caizheng_clerk")
    data = {"agency": bureau.pk, "name": "x", "effective_from": "2024-01-01", "post.own": "9"}
    assert other.post("/oversight/standard/", data).status_code == 403
    adjust = {
        "agency": bureau.pk,
        "unit": bureau.pk,
        "on": "2024-05-01",
        "points": "50",
        "reason": "x",
    }
    assert other.post("/oversight/adjustments/", adjust).status_code == 403
    assert other.post("/oversight/scores/", {"agency": bureau.pk, "year": 2024}).status_code == 403
    assert ScoringStandard.objects.count() == 1 and not Adjustment.objects.exists()


def test_it_keeps_the_standard_and_adjustments_to_the_leader_and_the_supervisor(
    login_as, bureau, scored
):
    clerk = login_as("jiaoyu_clerk")
    assert clerk.get(f"/oversight/runs/{scored.pk}/").status_code == 200
    data = {"agency": bureau.pk, "name": "x", "effective_from": "2024-01-01", "post.own": "9"}
    assert clerk.post("/oversight/standard/", data).status_code == 403
    supervisor = login_as("xinhua_supervisor")
    assert supervisor.get(f"/oversight/runs/{scored.pk}/").status_code == 200
    assert supervisor.post("/oversight/standard/", data).status_code == 302
    assert ScoringStandard.objects.count() == 2


def test_it_offers_section_一五_facts_with_links_to_their_records(
    cast, login_as, leader, bureau, scored
):
    services.appoint(
        actor=leader,
        agency=bureau,
        role=GroupRole.LEADER,
        name="钱局长",
        position="局长",
        effective_from=dt.date(2024, 3, 1),
    )
    session = services.record_training(
        actor=leader,
        agency=bureau,
        held_on=dt.date(2024, 9, 12),
        topic="全区政务公开培训会",
        organiser_kind=Organiser.DISTRICT,
        organiser="新华区政务公开办",
        hours="2",
        attendees=[cast.user("jiaoyu_clerk"), cast.user("jiaoyu_reviewer")],
    )
    services.commend(
        actor=leader,
        agency=bureau,
        year=2024,
        title="政务公开工作先进集体",
        unit=bureau,
        reason="年终考核第一名",
        announced_on=dt.date(2025, 2, 20),
        run=scored,
    )
    facts = {f.key: f for f in oversight_facts(bureau, 2024)}
    assert facts["oversight.group_members"].value == 1
    assert facts["oversight.group_changes"].value == 1
    assert facts["oversight.training_sessions"].value == 1
    assert facts["oversight.training_external"].value == 1
    assert facts["oversight.training_attendances"].value == 2
    assert facts["oversight.scoring_runs"].value == 1
    assert facts["oversight.commendations"].value == 1
    assert facts["oversight.training_sessions"].refs[0].pk == session.pk
    client = login_as("jiaoyu_clerk")
    for fact in facts.values():
        for ref in fact.refs:
            assert client.get(ref.url).status_code == 200, ref
    page = client.get(f"/oversight/report-facts/?agency={bureau.pk}&year=2024").content.decode()
    assert "本年组织和参加政务公开培训1次" in page
    assert "{{oversight.training_sessions}}" in page


def test_it_joins_the_annual_reports_fact_providers_where_they_exist(bureau, scored):
    try:
        registry = importlib.import_module("gongkai_web.annual_reports.providers.registry")
    except ImportError:
        pytest.skip("the annual report's provider registry is not on this branch yet")
    provider = registry.fact_providers()["oversight"]
    facts = provider(bureau, 2024, dt.datetime(2025, 3, 1, tzinfo=dt.UTC))
    assert {f.key for f in facts} >= {"oversight.scoring_runs", "oversight.training_sessions"}
