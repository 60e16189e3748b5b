"""A scoring run is 审定 by someone who did not run it (table gongkai.workflow.tables.scoring_run);
a new run of the period replaces one not yet confirmed, and a confirmed one is final."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from gongkai.scoring.score import Period
from gongkai.workflow.tables.scoring_run import RunState
from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.services import Actor
from gongkai_web.oversight import selectors, services
from gongkai_web.oversight.models import ScoreRun, ScoreRunEvent
from gongkai_web.oversight.tests.conftest import CALENDAR
from gongkai_web.oversight.workflow import RUN

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(cast) -> Actor:
    # The district's 政务公开办, above the bureau.
    return Actor(cast.user("xinhua_supervisor"), "supervisor", cast.agency("新华区人民政府"))


def run(actor, bureau, period=Period.YEAR_END):
    return services.run_scoring(
        actor=actor, agency=bureau, year=2024, period=period, calendar=CALENDAR
    )


def test_it_has_the_run_confirmed_by_someone_other_than_who_ran_it(leader, office, bureau,
                                                                    standard, post):  # fmt: skip
    post(dt.date(2024, 3, 5))
    made = run(leader, bureau)
    assert made.status == RunState.COMPUTED

    with pytest.raises(ValidationError, match="审定须由拟稿人以外的分管领导或政务公开办办理"):
        services.confirm_run(actor=leader, run=made)
    confirmed = services.confirm_run(actor=office, run=made, note="同意")

    assert confirmed.status == RunState.CONFIRMED
    event = ScoreRunEvent.objects.get(record=made)
    assert (event.slot, event.actor_name, event.note) == ("confirmed", "周公开", "同意")
    assert AuditEntry.objects.filter(action="oversight.scoring.confirm").count() == 1


def test_it_refuses_the_confirmation_to_a_clerk(cast, bureau, leader, standard):
    made = run(leader, bureau)
    clerk = Actor(cast.user("jiaoyu_clerk"), "clerk", bureau)

    with pytest.raises(ValidationError, match="审定须由"):
        services.confirm_run(actor=clerk, run=made)
    assert ScoreRun.objects.get().status == RunState.COMPUTED


def test_it_replaces_an_unconfirmed_run_when_the_period_is_scored_again(
    leader, bureau, standard, post
):
    post(dt.date(2024, 3, 5))
    first = run(leader, bureau)
    post(dt.date(2024, 9, 1))
    second = run(leader, bureau)

    first.refresh_from_db()
    assert (first.status, second.status) == (RunState.SUPERSEDED, RunState.COMPUTED)
    replaced = ScoreRunEvent.objects.get(record=first)
    assert (replaced.action, replaced.actor, replaced.data["by_run"]) == (
        "supersede", None, second.pk,
    )  # fmt: skip
    assert selectors.latest_run(bureau, 2024, Period.YEAR_END) == second
    # Another period is not touched.
    mid = run(leader, bureau, Period.MID_YEAR)
    assert ScoreRun.objects.get(pk=second.pk).status == RunState.COMPUTED
    assert mid.status == RunState.COMPUTED


def test_it_refuses_a_new_run_of_a_confirmed_period(leader, office, bureau, standard):
    services.confirm_run(actor=office, run=run(leader, bureau))

    with pytest.raises(ValidationError, match=r"2024年年终考核计分已由周公开于\d+年\d+月\d+日审定"):
        run(leader, bureau)
    assert ScoreRun.objects.count() == 1


def test_it_refuses_to_confirm_a_superseded_run_or_one_twice(leader, office, bureau, standard):
    first = run(leader, bureau)
    second = run(leader, bureau)

    with pytest.raises(ValidationError, match="已被重新计分取代”，不能“审定”"):
        services.confirm_run(actor=office, run=first)
    shown = RUN.last_event_id(second)
    services.confirm_run(actor=office, run=second, expected=shown)
    with pytest.raises(ValidationError, match="已有人办理，现为“已审定”"):
        services.confirm_run(actor=office, run=second, expected=shown)
    assert ScoreRunEvent.objects.filter(action="confirm").count() == 1


def test_it_states_on_the_score_sheet_whether_and_by_whom_it_was_confirmed(
    login_as, leader, office, bureau, standard, post
):
    post(dt.date(2024, 3, 5))
    made = run(leader, bureau)
    client = login_as("jiaoyu_clerk")

    def texts():
        docx = Document(
            io.BytesIO(client.get(reverse("oversight:run_docx", args=[made.pk])).content)
        )
        xlsx = load_workbook(
            io.BytesIO(client.get(reverse("oversight:run_xlsx", args=[made.pk])).content)
        )
        cells = [c.value for row in xlsx["单位得分"].iter_rows() for c in row if c.value]
        return "\n".join(p.text for p in docx.paragraphs), cells

    paragraphs, cells = texts()
    assert "待审定" in paragraphs and any("待审定" in str(c) for c in cells)
    services.confirm_run(actor=office, run=made)
    paragraphs, cells = texts()
    when = timezone.localdate()
    line = f"已审定。审定人：周公开；审定日期：{when.year}年{when.month}月{when.day}日。"
    assert line in paragraphs and line in cells


def test_it_shows_the_confirmation_step_on_the_run_page(login_as, leader, bureau, standard):
    made = run(leader, bureau)

    mine = login_as("jiaoyu_leader").get(reverse("oversight:run", args=[made.pk])).content.decode()
    assert 'data-field="run-status">已计分待审定' in mine
    assert 'data-action="confirm"' not in mine  # who ran it does not confirm it
    assert "待审定：可由周公开办理" in mine
    office = login_as("xinhua_supervisor")
    page = office.get(reverse("oversight:run", args=[made.pk])).content.decode()
    assert 'data-action="confirm"' in page
    shown = RUN.last_event_id(made)
    office.post(
        reverse("workflow:move", args=["scoring_run", made.pk]),
        {"action": "confirm", "expected": shown, "note": "同意"},
    )
    assert ScoreRun.objects.get().status == RunState.CONFIRMED
