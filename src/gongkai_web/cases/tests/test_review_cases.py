"""A 行政复议 or 行政诉讼 case by its lifecycle (table gongkai.workflow.tables.review_case): its
result is entered once, counted in table 四, and a wrong one is corrected with a reason rather
than overwritten."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.workflow.tables.review_case import ReviewCaseState
from gongkai_web.annual_reports.providers.cases import table3_4
from gongkai_web.audit.models import AuditEntry
from gongkai_web.cases import selectors, services
from gongkai_web.cases.models import ReviewCase, ReviewCaseEvent
from gongkai_web.cases.review_workflow import REVIEW_CASE_KIND

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2025, 9, 1)
DECIDED_ON = D(2025, 7, 1)


@pytest.fixture(autouse=True)
def summer(frozen_clock) -> None:
    frozen_clock.set(TODAY)


@pytest.fixture
def filed(submit, actors) -> ReviewCase:
    return services.record_review(
        actor=actors["clerk"], application=submit(), kind="reconsideration",
        filed_on=D(2025, 5, 6), today=TODAY, case_number="新政复〔2025〕8号",
    )  # fmt: skip


def _decide(actors, case, result="corrected", on=DECIDED_ON, who="clerk", **extra):
    return services.decide_review(actor=actors[who], review_case=case, result=result,
                                  decided_on=on, today=TODAY, **extra)  # fmt: skip


def test_it_counts_a_corrected_result_as_pending_until_the_right_one_is_entered(actors, filed):
    agency = filed.agency
    assert selectors.table4(agency, 2025)[:5] == (0, 0, 0, 1, 1)
    decided = _decide(actors, filed)
    assert decided.status == ReviewCaseState.DECIDED
    assert selectors.table4(agency, 2025)[:5] == (0, 1, 0, 0, 1)

    reopened = services.correct_review(
        actor=actors["clerk"], review_case=decided, reason="复议决定书载明维持，登记有误"
    )

    assert (reopened.status, reopened.result, reopened.decided_on) == ("pending", "pending", None)
    assert selectors.table4(agency, 2025)[:5] == (0, 0, 0, 1, 1)
    as_of = dt.datetime(2025, 9, 1, 12, tzinfo=dt.UTC)
    assert table3_4(agency, 2025, as_of).figures["table4[3]"].value == 1  # the report agrees
    _decide(actors, reopened, result="upheld")
    assert selectors.table4(agency, 2025)[:5] == (1, 0, 0, 0, 1)
    events = ReviewCaseEvent.objects.filter(record=filed).order_by("pk")
    assert [(e.action, e.data.get("result"), e.note) for e in events] == [
        ("decide", "corrected", ""),
        ("reopen", None, "复议决定书载明维持，登记有误"),
        ("decide", "upheld", ""),
    ]
    audited = AuditEntry.objects.filter(action__startswith="case.review.").order_by("seq")
    assert list(audited.values_list("action", flat=True)) == [
        "case.review.decide", "case.review.reopen", "case.review.decide",
    ]  # fmt: skip


def test_it_requires_a_reason_to_correct_a_result(actors, filed):
    decided = _decide(actors, filed)

    with pytest.raises(services.CaseError, match="“更正审结结果”须写明更正理由"):
        services.correct_review(actor=actors["clerk"], review_case=decided, reason=" ")
    assert ReviewCase.objects.get().status == ReviewCaseState.DECIDED


def test_it_lets_the_leader_correct_a_result(actors, filed):
    decided = _decide(actors, filed)

    reopened = services.correct_review(actor=actors["leader"], review_case=decided, reason="有误")

    assert reopened.status == ReviewCaseState.PENDING


def test_it_refuses_entering_a_result_over_another(actors, filed):
    shown = REVIEW_CASE_KIND.last_event_id(filed)
    _decide(actors, filed, expected=shown)

    with pytest.raises(services.CaseError, match="已有人办理，现为“已审结”"):
        _decide(actors, filed, result="upheld", expected=shown)
    with pytest.raises(services.CaseError, match="当前为“已审结”，不能“登记审结结果”"):
        _decide(actors, ReviewCase.objects.get(), result="upheld")
    assert ReviewCase.objects.get().result == "corrected"


def test_it_refuses_a_result_entered_by_another_agencys_clerk_or_a_reviewer(actors, filed):
    with pytest.raises(services.CaseError, match="“登记审结结果”须由登记员/承办人办理"):
        _decide(actors, filed, who="other_clerk")
    with pytest.raises(services.CaseError, match="“登记审结结果”须由登记员/承办人办理"):
        _decide(actors, filed, who="reviewer")
    assert not ReviewCaseEvent.objects.exists()


@pytest.mark.parametrize(
    ("result", "on", "message"),
    [
        ("pending", D(2025, 7, 1), "请选择结果：维持、纠正或其他"),
        ("nonsense", D(2025, 7, 1), "请选择结果"),
        ("upheld", D(2025, 5, 1), "审结日期应在立案日期和今天之间"),
        ("upheld", D(2025, 9, 2), "审结日期应在立案日期和今天之间"),
    ],
)
def test_it_refuses_a_bad_result_or_date(actors, filed, result, on, message):
    with pytest.raises(services.CaseError, match=message):
        _decide(actors, filed, result=result, on=on)
    assert ReviewCase.objects.get().status == ReviewCaseState.PENDING


def test_it_corrects_from_the_case_page_once_for_a_double_click(actors, filed, login_as):
    decided = _decide(actors, filed)
    client = login_as("jiaoyu_clerk")
    page = client.get(reverse("cases:detail", args=[filed.application_id])).content.decode()
    assert 'data-field="review-status">已审结' in page and "更正审结结果" in page
    form = {"action": "reopen", "note": "登记有误",
            "expected": REVIEW_CASE_KIND.last_event_id(decided)}  # fmt: skip
    url = reverse("workflow:move", args=["review_case", filed.pk])

    first = client.post(url, form, follow=True).content.decode()
    second = client.post(url, form, follow=True).content.decode()

    assert "已更正审结结果" in first
    assert "当前为“审理中”，不能“更正审结结果”" in second
    assert ReviewCaseEvent.objects.filter(action="reopen").count() == 1
    assert ReviewCase.objects.get().status == ReviewCaseState.PENDING
