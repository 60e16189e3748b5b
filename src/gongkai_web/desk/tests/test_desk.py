"""The 待办 desk: what waits on each person, in the order of the statutory deadlines, with a
number of queries that does not grow with the records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.workdays import Calendar
from gongkai_web.audit.services import Actor
from gongkai_web.cases import services as cases
from gongkai_web.cases.tests.conftest import person
from gongkai_web.desk import selectors
from gongkai_web.organizations.tests.cast import Cast, cast, login_as  # noqa: F401
from gongkai_web.publishing import services as publishing
from gongkai_web.publishing.models import Entry

BUREAU = "新华区教育局"
CALENDAR = Calendar.shipped()
TODAY = dt.date(2025, 3, 10)


class Bureau:
    def __init__(self, cast: Cast) -> None:  # noqa: F811
        self.cast = cast
        self.agency = cast.agency(BUREAU)
        self.category = publishing.create_category(
            actor=Actor(user=None, role="system"), agency=self.agency, name="法规文件"
        )

    def actor(self, username: str) -> Actor:
        return Actor(user=self.cast.user(username), agency=self.agency)

    def draft(self, title: str, formed_on: dt.date = dt.date(2025, 3, 3)) -> Entry:
        return publishing.create_entry(
            actor=self.actor("jiaoyu_clerk"), agency=self.agency, title=title,
            summary="开学时间和安全工作要求。", body="各中小学：请做好开学准备工作。",
            written_on=formed_on, formed_on=formed_on, category=self.category,
        )  # fmt: skip

    def submitted(self, title: str, formed_on: dt.date = dt.date(2025, 3, 3)) -> Entry:
        entry = self.draft(title, formed_on)
        return publishing.submit(actor=self.actor("jiaoyu_clerk"), entry=entry)

    def application(self, received: dt.date) -> Any:
        return cases.receive(
            actor=Actor(None, "public", None, "127.0.0.1"), agency=self.agency,
            applicant=person(), channel="online", received_on=received, today=received,
            calendar=CALENDAR,
        )  # fmt: skip

    def desk(self, username: str) -> selectors.Desk:
        return selectors.desk(self.cast.user(username), CALENDAR, TODAY)


@pytest.fixture
def bureau(cast: Cast) -> Bureau:  # noqa: F811
    from django.core.cache import cache

    cache.clear()  # the public form's rate limits count in the cache
    return Bureau(cast)


def titles(found: selectors.Desk, kind: str = "目录信息") -> list[str]:
    return [item.title for item in found.mine if item.kind == kind]


def test_it_puts_an_entry_awaiting_保密审查_on_the_reviewers_desk_not_the_drafters(bureau):
    bureau.submitted("关于做好开学工作的通知")
    mine = [i for i in bureau.desk("jiaoyu_reviewer").mine if i.kind == "目录信息"]
    assert [(i.title, i.state, i.todo) for i in mine] == [
        ("《关于做好开学工作的通知》", "待保密审查", "保密审查")
    ]
    assert mine[0].deadline is not None
    assert mine[0].deadline.note.startswith("第二十六条公开期限 2025-03-31")
    # 保密审查 is by a reviewer or the leader other than the drafter.
    assert titles(bureau.desk("jiaoyu_leader")) == ["《关于做好开学工作的通知》"]
    assert titles(bureau.desk("jiaoyu_clerk")) == []
    assert titles(bureau.desk("caizheng_clerk")) == []


def test_it_puts_a_draft_on_its_authors_desk_only(bureau):
    bureau.draft("关于做好开学工作的通知")
    clerk = [i for i in bureau.desk("jiaoyu_clerk").mine if i.kind == "目录信息"]
    assert [(i.state, i.todo) for i in clerk] == [("草稿", "提交审核")]
    assert titles(bureau.desk("jiaoyu_editor")) == []


def test_it_orders_by_the_statutory_deadline_applications_and_entries_together(bureau):
    bureau.submitted("后形成的通知", formed_on=dt.date(2025, 3, 7))
    bureau.submitted("先形成的通知", formed_on=dt.date(2025, 2, 10))
    old = bureau.application(dt.date(2025, 1, 6))
    found = bureau.desk("jiaoyu_leader").mine
    dues = [item.due for item in found]
    assert dues == sorted(dues, key=lambda d: (d is None, d or dt.date.max))
    order = [item.title for item in found]
    assert order.index(f"申请 {old.tracking_number}") < order.index("《先形成的通知》")
    assert order.index("《先形成的通知》") < order.index("《后形成的通知》")
    clerk = [i for i in bureau.desk("jiaoyu_clerk").mine if i.kind == "申请"]
    assert clerk[0].deadline is not None and clerk[0].deadline.note.startswith("答复期限 ")
    # A new application waits to be assigned; nothing of it is the reviewer's yet.
    assert clerk[0].todo == "分办"
    assert [i for i in bureau.desk("jiaoyu_reviewer").mine if i.kind == "申请"] == []


def test_it_shows_the_agencies_below_to_the_政务公开办_and_not_to_a_clerk(bureau, cast):  # noqa: F811
    bureau.submitted("关于做好开学工作的通知")
    supervisors = [g.user.username for g in cast.agency(BUREAU).parent.role_grants.all()
                   if g.role == "supervisor"]  # fmt: skip
    found = selectors.desk(cast.user(supervisors[0]), CALENDAR, TODAY)
    rows = {row.name: row for row in found.agencies}
    assert rows[BUREAU].counts["目录信息"] == 1
    assert bureau.desk("jiaoyu_clerk").agencies == []


def queries(user: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        selectors.desk(user, CALENDAR, TODAY)
    return len(captured.captured_queries)


def fresh(user: Any) -> Any:
    """The user read again, without the role grants cached on the object."""
    return type(user).objects.get(pk=user.pk)


def test_it_reads_the_desk_in_a_fixed_number_of_queries(bureau, django_assert_num_queries):
    reviewer = bureau.cast.user("jiaoyu_reviewer")
    bureau.submitted("第1号通知")
    bureau.application(dt.date(2025, 3, 3))
    one = queries(fresh(reviewer))
    for n in range(2, 8):
        bureau.submitted(f"第{n}号通知")
        bureau.application(dt.date(2025, 3, 3))
    reviewer = fresh(reviewer)
    with django_assert_num_queries(one):
        found = selectors.desk(reviewer, CALENDAR, TODAY)
    assert len(titles(found)) == 7


def test_it_is_the_page_staff_land_on_after_logging_in(login_as):  # noqa: F811
    client = login_as("jiaoyu_reviewer")
    page = client.get("/desk/")
    assert page.status_code == 200
    assert "等待我办理的事项" in page.content.decode()
    assert login_as("sysadmin").get("/desk/").status_code == 302


def test_it_puts_a_media_problem_on_its_units_desk_then_on_the_政务公开办s(bureau, cast):  # noqa: F811
    from gongkai_web.media_accounts import inspection
    from gongkai_web.media_accounts.models import Platform, Problem
    from gongkai_web.media_accounts.services import register_account

    account, _ = register_account(
        actor=bureau.actor("jiaoyu_clerk"), agency=bureau.agency, platform=Platform.WECHAT,
        name="新华教育", opened_on=dt.date(2020, 1, 1), filing_no="BA-001", handle="gh_xhjy",
        responsible="赵领导", responsible_email="zhao@example.gov.cn",
        responsible_phone="13800000000", operator="王登记", verification="verified",
        supervisor=bureau.agency.parent,
    )  # fmt: skip
    problem = Problem.objects.create(
        account=account, category="not_updated", detail="超过两周未更新",
        found_on=dt.date(2025, 2, 20), deadline=dt.date(2025, 3, 5),
    )  # fmt: skip
    supervisor = next(g.user for g in bureau.agency.parent.role_grants.all()
                      if g.role == "supervisor")  # fmt: skip
    clerk = [i for i in bureau.desk("jiaoyu_clerk").mine if i.kind == "新媒体问题整改"]
    assert [(i.todo, i.deadline.overdue) for i in clerk] == [("报送整改情况", True)]
    assert clerk[0].deadline.note == "整改期限 2025-03-05（已逾期）"
    mine = selectors.desk(supervisor, CALENDAR, TODAY).mine
    assert [i for i in mine if i.kind == "新媒体问题整改"] == []

    inspection.submit_rectification(
        actor=bureau.actor("jiaoyu_clerk"), problem=problem, text="已恢复每周更新"
    )
    assert [i for i in bureau.desk("jiaoyu_clerk").mine if i.kind == "新媒体问题整改"] == []
    mine = selectors.desk(supervisor, CALENDAR, TODAY).mine
    assert [i.todo for i in mine if i.kind == "新媒体问题整改"] == ["销号或退回整改"]


@pytest.mark.parametrize(
    "username", ["jiaoyu_clerk", "jiaoyu_editor", "jiaoyu_reviewer", "jiaoyu_leader",
                 "xinhua_supervisor"],
)  # fmt: skip
def test_it_shows_each_role_its_desk_over_the_demos_records(db, username):
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    call_command("load_demo", verbosity=0)
    client = Client()
    client.force_login(User.objects.get(username=username))
    page = client.get("/desk/").content.decode()
    assert "等待我办理的事项" in page
    overseer = username in ("jiaoyu_leader", "xinhua_supervisor")
    assert ("各机关在办事项" in page) is overseer
    assert client.get("/desk/count/").status_code == 200


def test_it_puts_a_draft_annual_report_on_its_agencys_clerks_desk(db):
    from django.contrib.auth.models import User
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    clerk = User.objects.get(username="caizheng_clerk")
    found = selectors.desk(clerk, CALENDAR, dt.date(2026, 12, 3)).mine
    reports = [(i.title, i.state, i.todo) for i in found if i.kind == "年度报告"]
    assert reports == [("新华区财政局 2024 年度报告", "草稿", "编制")]
    reviewer = User.objects.get(username="jiaoyu_reviewer")
    assert [i for i in selectors.desk(reviewer, CALENDAR, TODAY).mine if i.kind == "年度报告"] == []
