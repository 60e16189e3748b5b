from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from gongkai.publishing.review import Stage
from gongkai.workdays import Calendar
from gongkai_web import clock
from gongkai_web.audit.services import Actor
from gongkai_web.media_accounts import demo as media_demo
from gongkai_web.media_accounts.models import Platform, Post, Problem
from gongkai_web.media_accounts.tests.fixtures import account  # noqa: F401
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.tests.cast import Cast, cast, login_as  # noqa: F401
from gongkai_web.oversight import services
from gongkai_web.oversight.demo import STANDARD
from gongkai_web.publishing import services as publishing
from gongkai_web.publishing.models import Category, Entry
from gongkai_web.publishing.workflow import SecrecyConclusion

CALENDAR = Calendar.shipped()
BUREAU = "新华区教育局"
# The catalogue's review steps, each by someone else than the last (publishing's own tests').
STEPS = (
    (Stage.SECRECY, "jiaoyu_reviewer"),
    (Stage.FIRST, "jiaoyu_editor"),
    (Stage.SECOND, "jiaoyu_reviewer"),
    (Stage.FINAL, "jiaoyu_leader"),
)
_ = Platform


@pytest.fixture
def bureau(cast: Cast) -> Agency:  # noqa: F811
    return cast.agency(BUREAU)


@pytest.fixture
def leader(cast: Cast, bureau: Agency) -> Actor:  # noqa: F811
    return Actor(cast.user("jiaoyu_leader"), "leader", bureau)


@pytest.fixture
def standard(leader: Actor, bureau: Agency) -> Any:
    return services.define_standard(
        actor=leader, agency=bureau, data=STANDARD, effective_from=dt.date(2024, 1, 1)
    )


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def post(cast: Cast, account: Any) -> Callable[..., Post]:  # noqa: F811
    """A post drafted by 王登记 and published at 10:00 on ``day`` through 三审三校 by the
    bureau's staff."""

    def make(day: dt.date, title: str = "工作动态", target: Any = None) -> Post:
        target = target or account
        drafter = Actor(user=cast.user("jiaoyu_clerk"), role="clerk")
        people = media_demo.staff([target.agency]) | {"editor": drafter}
        return media_demo.publish_through_review(target, title, "正文", at(day), people)

    return make


@pytest.fixture
def entry(cast: Cast, bureau: Agency) -> Callable[..., Entry]:  # noqa: F811
    """An entry published on ``day`` through its four review steps, all taken that day; ``late``:
    written 40 days before (past the 20 working days of Art. 26), else three."""
    category = Category.objects.create(agency=bureau, name="其他文件")

    def person(username: str) -> Actor:
        return Actor(user=cast.user(username), agency=bureau)

    def make(day: dt.date, late: bool = False, title: str = "通知") -> Entry:
        with clock.frozen(at(day)):
            made = publishing.create_entry(
                actor=person("jiaoyu_clerk"), agency=bureau, title=title, summary="通知。",
                body="各中小学：特此通知。", category=category,
                written_on=day - dt.timedelta(days=40 if late else 3),
            )  # fmt: skip
            made = publishing.submit(actor=person("jiaoyu_clerk"), entry=made)
            for stage, username in STEPS:
                secrecy = SecrecyConclusion.NONE if stage is Stage.SECRECY else ""
                made = publishing.decide(
                    actor=person(username), entry=made, stage=stage, passed=True,
                    opinion="同意", on=day, conclusion=secrecy,
                )  # fmt: skip
        assert made.published_on == day and made.late == late
        return made

    return make


@pytest.fixture
def problem(account: Any) -> Callable[..., Problem]:  # noqa: F811
    def make(day: dt.date, post: Post | None = None) -> Problem:
        return Problem.objects.create(
            account=account, post=post, category="wording", detail="错敏词：截止目前", found_on=day
        )

    return make
