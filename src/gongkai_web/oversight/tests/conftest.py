from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from gongkai.workdays import Calendar
from gongkai_web.audit.services import Actor
from gongkai_web.media_accounts.models import Platform, Post, PostSource, PostStatus, Problem
from gongkai_web.media_accounts.tests.fixtures import account  # noqa: F401
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.tests.cast import Cast, cast, login_as  # noqa: F401
from gongkai_web.oversight import services
from gongkai_web.oversight.demo import STANDARD
from gongkai_web.publishing.models import Category, Entry
from gongkai_web.publishing.models import Status as EntryStatus

CALENDAR = Calendar.shipped()
BUREAU = "新华区教育局"
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
    def make(day: dt.date, title: str = "工作动态", target: Any = None) -> Post:
        return Post.objects.create(
            account=target or account,
            title=title,
            status=PostStatus.PUBLISHED,
            source=PostSource.ENTERED,
            published_at=at(day),
            review_complete=True,
            drafted_by=cast.user("jiaoyu_clerk"),
            drafted_at=at(day, 8),
        )

    return make


@pytest.fixture
def entry(cast: Cast, bureau: Agency) -> Callable[..., Entry]:  # noqa: F811
    category = Category.objects.create(agency=bureau, name="其他文件")

    def make(day: dt.date, late: bool = False, title: str = "通知") -> Entry:
        return Entry.objects.create(
            agency=bureau,
            title=title,
            publisher=bureau.name,
            formed_on=day - dt.timedelta(days=40 if late else 3),
            published_on=day,
            category=category,
            status=EntryStatus.PUBLISHED,
            late=late,
            created_by=cast.user("jiaoyu_clerk"),
            created_at=at(day),
            updated_at=at(day),
        )

    return make


@pytest.fixture
def problem(account: Any) -> Callable[..., Problem]:  # noqa: F811
    def make(day: dt.date, post: Post | None = None) -> Problem:
        return Problem.objects.create(
            account=account, post=post, category="wording", detail="错敏词：截止目前", found_on=day
        )

    return make
