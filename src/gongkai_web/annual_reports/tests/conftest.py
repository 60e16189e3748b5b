import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from gongkai.report import canonical
from gongkai.workdays import Calendar
from gongkai_web.annual_reports import demo, services
from gongkai_web.annual_reports.models import ReportStatus
from gongkai_web.audit.services import Actor
from gongkai_web.cases import services as cases
from gongkai_web.cases.models import Application
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.tests.cast import Cast, cast, login_as  # noqa: F401

BUREAU = "新华区教育局"
AFTER_YEAR = timezone.make_aware(dt.datetime(2025, 1, 10, 9, 0))


@pytest.fixture
def seed_report():
    return canonical.loads(demo.seed_report_bytes())


@pytest.fixture
def stored_seed(db, seed_report):
    # The seed is a published report: its page is public.
    return services.save_report(seed_report, status=ReportStatus.PUBLISHED)


@pytest.fixture
def actors(cast: Cast) -> dict[str, Actor]:  # noqa: F811
    bureau = cast.agency(BUREAU)
    return {
        "clerk": Actor(cast.user("jiaoyu_clerk"), "clerk", bureau),
        "reviewer": Actor(cast.user("jiaoyu_reviewer"), "reviewer", bureau),
        "leader": Actor(cast.user("jiaoyu_leader"), "leader", bureau),
        "supervisor": Actor(
            cast.user("xinhua_supervisor"), "supervisor", cast.agency("新华区人民政府")
        ),
        "other_clerk": Actor(cast.user("caizheng_clerk"), "clerk", cast.agency("新华区财政局")),
    }


@pytest.fixture
def apply(cast: Cast) -> Callable[..., Application]:  # noqa: F811
    """An application received on ``received`` and, if ``closed`` is given, replied then."""

    def make(
        received: dt.date,
        column: str = "natural_person",
        closed: dt.date | None = None,
        row: str = "granted",
        agency: str = BUREAU,
    ) -> Application:
        person = column == "natural_person"
        application = cases.receive(
            actor=Actor(None, "public", None, "127.0.0.1"),
            agency=Agency.objects.get(name=agency),
            applicant=cases.ApplicantData(
                column=column,
                name="张三" if person else "某某有限公司（演示）",
                id_type="resident_id" if person else "credit_code",
                id_number="11010519491231002X" if person else "114104020050000071",
                legal_representative="" if person else "李四",
                phone="13800138000",
                description="2024年学区划分范围",
                provision_form="email",
                delivery="email",
                email="zhangsan@example.com",
            ),
            channel="online",
            received_on=received,
            today=received,
            calendar=Calendar.shipped(),
        )
        if closed is not None:
            Application.objects.filter(pk=application.pk).update(
                state="replied", closed_on=closed, outcome_row=row
            )
        application.refresh_from_db()
        return application

    return make
