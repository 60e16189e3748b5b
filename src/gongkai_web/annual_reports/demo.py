"""Demo data of the annual-reports app, generated from the other apps' demo records.

新华区教育局 2024: created from the catalogue, registers and new-media records that the
publishing and media demos load, with the seed report's narrative (its figures as fact tokens),
taken through review, signature and publication by the demo's three people. Its tables equal
the seed report's (src/gongkai/report/examples/xinhua-education-2024.json) in every cell.
新华区财政局 gets a draft from the applications the cases demo loads, so that the overview,
the roll-up and the drill-down have something to show.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

from django.contrib.auth.models import User
from django.utils import timezone

from gongkai.report import canonical
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


# The cases demo gives these departments their 2024 applications; their reports start here.
DRAFTS = (("新华区财政局", "caizheng_clerk"),)


def _other_departments() -> list[str]:
    lines = []
    for name, clerk in DRAFTS:
        agency = Agency.objects.filter(name=name).first()
        if agency is None or AnnualReport.objects.filter(agency=agency, year=YEAR).exists():
            continue
        services.create_report(
            actor=_actor(clerk, agency, "clerk"),
            agency=agency,
            year=YEAR,
            as_of=timezone.make_aware(AS_OF),
        )
        lines.append(f"年度报告：{name} {YEAR} 年度（草稿，由依申请公开台账生成）")
    return lines
