import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from gongkai.report import canonical
from gongkai.report.model import Report
from gongkai.workdays import Calendar
from gongkai_web.annual_reports import checks, demo, narrative, selectors, services, snapshot
from gongkai_web.annual_reports.models import AnnualReport
from gongkai_web.audit.services import Actor
from gongkai_web.cases import services as cases
from gongkai_web.cases.models import Application
from gongkai_web.cases.tests.factories import replied
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.tests.cast import Cast, cast, login_as  # noqa: F401

BUREAU = "新华区教育局"
AFTER_YEAR = timezone.make_aware(dt.datetime(2025, 1, 10, 9, 0))
PUBLISHED_ON = dt.date(2025, 1, 20)
ACKNOWLEDGED = "已核实，无需修改。"


@pytest.fixture
def seed_report():
    return canonical.loads(demo.seed_report_bytes())


def compile_report(actors: dict[str, Actor], agency: Agency, report: Report) -> AnnualReport:
    """A draft generated from the records, then made ``report`` as a compiler would: each
    figure the records do not give corrected with a written reason, its text typed in, every
    warning acknowledged."""
    clerk = actors["clerk"]
    stored = services.create_report(actor=clerk, agency=agency, year=report.year,
                                    as_of=AFTER_YEAR)  # fmt: skip
    for cell in snapshot.ALL_CELLS:
        wanted = snapshot.cell_value(report, cell)
        if snapshot.cell_value(selectors.as_report(stored), cell) != wanted:
            stored = services.correct_cell(
                actor=clerk,
                stored=stored,
                cell=cell,
                value=str(wanted),
                reason="按纸质台账核实更正",
            )
    if report.sections is not None:
        parts = narrative.parts_of(report.sections)
        stored = services.save_narrative(actor=clerk, stored=stored, parts=parts)
    for finding in services.findings(stored, today=PUBLISHED_ON):
        if finding.severity == "warning":
            key = checks.finding_key(finding)
            stored = services.acknowledge(actor=clerk, stored=stored, key=key, text=ACKNOWLEDGED)
    return stored


def publish_report(actors: dict[str, Actor], agency: Agency, report: Report) -> AnnualReport:
    """``report`` published the way a bureau publishes one: compiled, then submitted by the
    clerk, reviewed, signed by the leader and published, each on the publication day."""
    stored = compile_report(actors, agency, report)
    stored = services.submit(actor=actors["clerk"], stored=stored, today=PUBLISHED_ON)
    stored = services.review(actor=actors["reviewer"], stored=stored, today=PUBLISHED_ON)
    stored = services.sign(actor=actors["leader"], stored=stored, today=PUBLISHED_ON)
    return services.publish(actor=actors["clerk"], stored=stored, today=PUBLISHED_ON)


@pytest.fixture
def stored_seed(cast, actors, seed_report):  # noqa: F811
    # The seed's figures and text, published through the workflow: its page is public.
    return publish_report(actors, cast.agency(BUREAU), seed_report)


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
    """An application received on ``received`` and, if ``closed`` is given, replied then
    through the services (the usual disposition of table 三's ``row``)."""

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
            return replied(application, on=closed, row=row)
        return application

    return make
