"""Demo data of the annual-reports app, generated from the other apps' demo records.

新华区教育局 2024: created from the catalogue, registers and new-media records that the
publishing and media demos load, with the seed report's narrative (its figures as fact tokens),
taken through review, signature and publication by the demo's three people. Its tables equal
the seed report's (src/gongkai/report/examples/xinhua-education-2024.json) in every cell.
Two other 新华区 departments get applications and a draft, so that the overview, the roll-up
and the drill-down have something to show.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

from django.contrib.auth.models import User
from django.utils import timezone

from gongkai.report import canonical
from gongkai.workdays import Calendar
from gongkai_web.annual_reports import checks, narrative, services
from gongkai_web.annual_reports.models import AnnualReport
from gongkai_web.audit.services import Actor
from gongkai_web.organizations.models import Agency

SEED = ("gongkai.report.examples", "xinhua-education-2024.json")
BUREAU = "新华区教育局"
YEAR = 2024
AS_OF = dt.datetime(2025, 1, 10, 9, 0)
PUBLISHED_ON = dt.date(2025, 1, 20)
# The seed's prose states these figures; in the draft they are tokens for the media records.
SEED_FIGURES = (("23 家", "{{media.accounts_open}} 家"), ("2135 条", "{{media.posts}} 条"))


def seed_report_bytes() -> bytes:
    return resources.files(SEED[0]).joinpath(SEED[1]).read_bytes()


def seed_parts() -> dict[str, str]:
    parts = narrative.parts_of(canonical.loads(seed_report_bytes()).sections)
    for figure, token in SEED_FIGURES:
        parts["platforms"] = parts["platforms"].replace(figure, token)
    parts["preamble"] = narrative.prefill(BUREAU, YEAR)["preamble"]
    return parts


def _actor(username: str, agency: Agency, role: str) -> Actor:
    return Actor(User.objects.get(username=username), role, agency)


def load() -> list[str]:
    if not Agency.objects.filter(name=BUREAU).exists():
        return []
    lines = []
    if not AnnualReport.objects.filter(agency_name=BUREAU, year=YEAR).exists():
        lines.append(_bureau_report())
    lines += _other_departments()
    return lines


def _bureau_report() -> str:
    bureau = Agency.objects.get(name=BUREAU)
    clerk = _actor("jiaoyu_clerk", bureau, "clerk")
    stored = services.create_report(
        actor=clerk, agency=bureau, year=YEAR, as_of=timezone.make_aware(AS_OF)
    )
    stored = services.save_narrative(actor=clerk, stored=stored, parts=seed_parts())
    for finding in services.findings(stored, today=PUBLISHED_ON):
        if finding.severity == "warning":
            services.acknowledge(
                actor=clerk, stored=stored, key=checks.finding_key(finding), text="演示：已核实。"
            )
    stored = services.submit(actor=clerk, stored=stored, today=PUBLISHED_ON)
    stored = services.review(
        actor=_actor("jiaoyu_reviewer", bureau, "reviewer"), stored=stored, today=PUBLISHED_ON
    )
    stored = services.sign(
        actor=_actor("jiaoyu_leader", bureau, "leader"), stored=stored, today=PUBLISHED_ON
    )
    stored = services.publish(actor=clerk, stored=stored, today=PUBLISHED_ON)
    return f"年度报告：{stored}（由记录生成，已公开）"


# agency, clerk, [(received, column, closed, outcome row)]
APPLICATIONS = (
    (
        "新华区财政局",
        "caizheng_clerk",
        (
            (dt.date(2024, 2, 19), "natural_person", dt.date(2024, 3, 8), "granted"),
            (dt.date(2024, 4, 8), "commercial", dt.date(2024, 4, 26), "deny_4"),
            (dt.date(2024, 6, 3), "natural_person", dt.date(2024, 6, 21), "unable_1"),
            (dt.date(2024, 9, 9), "legal_services", dt.date(2024, 9, 27), "partial"),
            (dt.date(2024, 12, 23), "natural_person", None, ""),
        ),
    ),
    (
        "新华区卫生健康委员会",
        "weijian_clerk",
        (
            (dt.date(2024, 3, 11), "natural_person", dt.date(2024, 3, 29), "granted"),
            (dt.date(2024, 5, 13), "research", dt.date(2024, 5, 31), "noprocess_2"),
        ),
    ),
)


def _other_departments() -> list[str]:
    from gongkai_web.cases import services as cases
    from gongkai_web.cases.models import Application

    lines = []
    for name, clerk, rows in APPLICATIONS:
        agency = Agency.objects.filter(name=name).first()
        if agency is None or Application.objects.filter(agency=agency).exists():
            continue
        for received, column, closed, row in rows:
            person = column == "natural_person"
            made = cases.receive(
                actor=Actor(None, "public", None, "127.0.0.1"),
                agency=agency,
                applicant=cases.ApplicantData(
                    column=column,
                    name="张演示" if person else "演示有限公司",
                    id_type="resident_id" if person else "credit_code",
                    id_number="11010519491231002X" if person else "114104020050000071",
                    legal_representative="" if person else "李演示",
                    phone="13800138000",
                    description="（演示）2024年财政预算执行情况",
                    provision_form="email",
                    delivery="email",
                    email="demo@example.com",
                ),
                channel="online",
                received_on=received,
                today=received,
                calendar=Calendar.shipped(),
            )
            if closed is not None:
                # Demo history only: the replies are recorded as done, without their letters.
                Application.objects.filter(pk=made.pk).update(
                    state="replied", closed_on=closed, outcome_row=row
                )
        lines.append(f"依申请公开（演示）：{name} {len(rows)} 件")
        if name == "新华区财政局" and not AnnualReport.objects.filter(agency=agency, year=YEAR):
            services.create_report(
                actor=_actor(clerk, agency, "clerk"),
                agency=agency,
                year=YEAR,
                as_of=timezone.make_aware(AS_OF),
            )
            lines.append(f"年度报告：{name} {YEAR} 年度（草稿）")
    return lines
