from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from gongkai.workdays import Calendar
from gongkai_web.audit.services import Actor
from gongkai_web.cases import services
from gongkai_web.cases.models import Application, CaseSettings
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.tests.cast import Cast, cast, login_as  # noqa: F401

CALENDAR = Calendar.shipped()
BUREAU = "新华区教育局"
COURT = "新华区人民法院"
PAYMENT = "持本通知书到新华区政务服务中心非税收入收缴窗口缴纳"


def person(**changes: str) -> services.ApplicantData:
    fields = {
        "column": "natural_person",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13800138000",
        "description": "2025年义务教育阶段学校招生划片范围",
        "provision_form": "email",
        "delivery": "email",
        "email": "zhangsan@example.com",
    } | changes
    return services.ApplicantData(**fields)


@pytest.fixture
def actors(cast: Cast) -> dict[str, Actor]:  # noqa: F811
    bureau = cast.agency(BUREAU)
    # A letter that may go to court names the court, which only the settings can say (its
    # 复议机关, 新华区人民政府, comes from the tree); the prefix is the default one.
    CaseSettings.objects.get_or_create(
        agency=bureau,
        defaults={"letter_prefix": "新公", "court": COURT, "fee_payment": PAYMENT},
    )
    return {
        "clerk": Actor(cast.user("jiaoyu_clerk"), "clerk", bureau),
        "reviewer": Actor(cast.user("jiaoyu_reviewer"), "reviewer", bureau),
        "leader": Actor(cast.user("jiaoyu_leader"), "leader", bureau),
        "other_clerk": Actor(cast.user("caizheng_clerk"), "clerk", cast.agency("新华区财政局")),
        "public": Actor(None, "public", None, "127.0.0.1"),
    }


@pytest.fixture
def submit(cast: Cast, actors: dict[str, Actor]) -> Callable[..., Application]:  # noqa: F811
    def make(
        received: dt.date = dt.date(2025, 3, 3), agency: str = BUREAU, **changes: str
    ) -> Application:
        return services.receive(
            actor=actors["public"],
            agency=Agency.objects.get(name=agency),
            applicant=person(**changes),
            channel="online",
            received_on=received,
            today=received,
            calendar=CALENDAR,
        )

    return make


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    # The limits count in Django's cache, which outlives each test's database rollback.
    from django.core.cache import cache

    cache.clear()
