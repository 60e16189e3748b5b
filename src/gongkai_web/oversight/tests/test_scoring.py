"""量化考核 over the platform's records: points, deductions, windows, adjustments, traceability."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from gongkai.scoring.score import Period
from gongkai.workflow.tables.catalogue import EntryAction
from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.services import Actor
from gongkai_web.cases import services as cases
from gongkai_web.cases.tests.conftest import person
from gongkai_web.cases.tests.factories import replied
from gongkai_web.oversight import selectors, services
from gongkai_web.oversight.models import ScoreLine
from gongkai_web.oversight.tests.conftest import CALENDAR
from gongkai_web.publishing import services as publishing
from gongkai_web.publishing.workflow import ENTRY
from gongkai_web.workflow import services as workflow
from gongkai_web.workflow.kinds import Inputs

pytestmark = pytest.mark.django_db


def run(leader, bureau, period=Period.YEAR_END, year=2024):
    return services.run_scoring(
        actor=leader, agency=bureau, year=year, period=period, calendar=CALENDAR
    )


def by_rule(run_):
    return {r["rule"]: (r["n"], r["points"]) for r in selectors.rule_summary(run_)}


def test_it_scores_the_years_posts_and_catalogue_entries(leader, bureau, standard, post, entry):
    post(dt.date(2024, 3, 5))
    post(dt.date(2024, 8, 5))
    post(dt.date(2025, 1, 2))  # next year: not counted
    entry(dt.date(2024, 5, 6))
    made = run(leader, bureau)
    assert by_rule(made) == {
        "政务新媒体发布信息": (2, Decimal("0.2")),
        "主动公开政府信息": (1, Decimal("0.5")),
    }
    assert made.total == Decimal("0.7") and made.line_count == 3
    units, people = selectors.tables(made)
    assert [(r.name, r.total) for r in units] == [("新华区教育局", Decimal("0.7"))]
    assert [(r.name, r.total) for r in people] == [("王登记", Decimal("0.7"))]


def test_it_deducts_for_patrol_findings_returned_reviews_late_replies_and_overdue_publication(
    cast, leader, bureau, standard, post, entry, problem
):
    problem(dt.date(2024, 6, 3), post=post(dt.date(2024, 6, 1)))
    late = entry(dt.date(2024, 7, 1), late=True)
    # A draft sent back at 初审 (a review that found an error) in June.
    returned = publishing.create_entry(
        actor=Actor(cast.user("jiaoyu_clerk"), "clerk", bureau), agency=bureau,
        title="关于暑期安全工作的通知", summary="暑期安全。", body="各中小学：请做好暑期安全工作。",
        written_on=dt.date(2024, 6, 18), category=late.category,
    )  # fmt: skip
    publishing.submit(actor=Actor(cast.user("jiaoyu_clerk"), "clerk", bureau), entry=returned)
    workflow.apply(
        ENTRY, returned, EntryAction.SEND_BACK,
        actor=Actor(cast.user("jiaoyu_reviewer"), "reviewer", bureau),
        inputs=Inputs(note="文号有误", at=dt.datetime(2024, 6, 20, 9, tzinfo=dt.UTC)),
    )  # fmt: skip
    public = Actor(None, "public", None, "127.0.0.1")
    application = cases.receive(
        actor=public,
        agency=bureau,
        applicant=person(),
        channel="online",
        received_on=dt.date(2024, 3, 4),
        today=dt.date(2024, 3, 4),
        calendar=CALENDAR,
    )
    # Replied on 10 May, long after the 20 working days; handled by the clerk.
    replied(application, on=dt.date(2024, 5, 10), row="granted")
    on_time = cases.receive(
        actor=public,
        agency=bureau,
        applicant=person(name="李四"),
        channel="online",
        received_on=dt.date(2024, 3, 4),
        today=dt.date(2024, 3, 4),
        calendar=CALENDAR,
    )
    replied(on_time, on=dt.date(2024, 3, 20), row="granted")
    made = run(leader, bureau)
    assert by_rule(made) == {
        "政务新媒体发布信息": (1, Decimal("0.1")),
        "主动公开政府信息": (1, Decimal("0.5")),
        "巡查发现问题": (1, Decimal(-2)),
        "审核发现差错被退回": (1, Decimal("-0.5")),
        "依申请公开逾期答复": (1, Decimal(-5)),
        "超过二十个工作日公开": (1, Decimal(-2)),
    }
    late_line = made.lines.get(rule="依申请公开逾期答复")
    assert late_line.source_pk == application.pk and late_line.person_name == "王登记"
    assert "应于2024-04-01前答复" in late_line.source_label


def test_it_counts_january_to_june_for_mid_year_and_the_whole_year_at_year_end(
    leader, bureau, standard, post, problem
):
    post(dt.date(2024, 1, 1))
    post(dt.date(2024, 6, 30))
    post(dt.date(2024, 7, 1))
    problem(dt.date(2024, 12, 31))
    mid, end = run(leader, bureau, Period.MID_YEAR), run(leader, bureau)
    assert (mid.start, mid.end) == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert mid.line_count == 2 and mid.total == Decimal("0.2")
    assert end.line_count == 4 and end.total == Decimal("-1.7")


def test_it_traces_every_point_to_a_record_page(login_as, leader, bureau, standard, post, entry):
    post(dt.date(2024, 3, 5))
    entry(dt.date(2024, 5, 6))
    made = run(leader, bureau)
    client = login_as("jiaoyu_clerk")
    for line in made.lines.all():
        assert line.source_url, line
        assert client.get(line.source_url).status_code == 200, line.source_url
    page = client.get(f"/oversight/runs/{made.pk}/lines/?unit={bureau.pk}")
    assert page.status_code == 200
    assert "政务新媒体发布信息" in page.content.decode()


def test_it_refuses_scoring_without_a_standard(leader, bureau):
    with pytest.raises(ValidationError, match="尚未制定记分标准"):
        run(leader, bureau)


def test_it_audits_a_manual_adjustment_and_counts_it_in_the_next_run(
    cast, leader, bureau, standard, post
):
    post(dt.date(2024, 3, 5))
    school = cast.agency("新华区实验小学")
    adjustment = services.adjust(
        actor=leader,
        agency=bureau,
        unit=school,
        on=dt.date(2024, 11, 1),
        points="3",
        reason="承办全区政务公开现场会",
    )
    entry_ = AuditEntry.objects.get(action="oversight.scoring.adjust")
    assert entry_.object_id == str(adjustment.pk)
    assert entry_.changes["reason"] == "承办全区政务公开现场会"
    assert entry_.actor_id == cast.user("jiaoyu_leader").pk
    made = run(leader, bureau)
    units, _ = selectors.tables(made)
    assert [(r.name, r.total) for r in units] == [
        ("新华区实验小学", Decimal(3)),
        ("新华区教育局", Decimal("0.1")),
    ]
    line = ScoreLine.objects.get(run=made, source_model="oversight.adjustment")
    assert line.rule == "人工调整" and "承办全区政务公开现场会" in line.source_label


@pytest.mark.parametrize(
    ("points", "reason", "message"),
    [
        ("abc", "理由", "不是数字"),
        ("0", "理由", "不为零"),
        ("2", " ", "必须填写理由"),
    ],
)
def test_it_refuses_a_bad_adjustment_in_chinese(cast, leader, bureau, points, reason, message):
    with pytest.raises(ValidationError, match=message):
        services.adjust(
            actor=leader,
            agency=bureau,
            unit=bureau,
            on=dt.date(2024, 3, 1),
            points=points,
            reason=reason,
        )
    with pytest.raises(ValidationError, match="只能调整本机关及所属单位"):
        services.adjust(
            actor=leader,
            agency=bureau,
            unit=cast.agency("新华区财政局"),
            on=dt.date(2024, 3, 1),
            points="1",
            reason="x",
        )


def test_it_defines_a_standard_from_the_form_and_explains_bad_values(login_as, bureau):
    client: Client = login_as("jiaoyu_leader")
    url = f"/oversight/standard/?agency={bureau.pk}"
    bad = client.post(
        url,
        {
            "name": "记分标准",
            "effective_from": "2024-01-01",
            "post.own": "一分",
            "report.city": "-1",
        },
        follow=True,
    ).content.decode()
    assert "“政务新媒体发布信息”的分值“一分”不是数字" in bad
    assert "不能为负数" in bad
    good = client.post(
        url,
        {
            "name": "记分标准",
            "effective_from": "2024-01-01",
            "post.own": "0.5",
            "patrol_problem": "2",
        },
        follow=True,
    ).content.decode()
    assert "已制定记分标准（第1版）" in good
    standard = services.current_standard(bureau)
    assert standard is not None and standard.data["awards"] == {"post.own": "0.5"}
    assert AuditEntry.objects.filter(action="oversight.standard.define").count() == 1
