"""Every check a report passes before publication, as the core's Finding values.

The foundation's rules (with last year's report: T3-CARRY, T2-IN-FORCE), TEXT-TABLE between
prose and tables, the statistics window (R9), the Art. 49 deadline (R10) and the likeness of
the narrative to last year's (SIMILAR). Errors block publication; each warning needs a written
acknowledgement (services.acknowledge). The text hygiene of the narrative (TEXT-HYGIENE,
``text_notices``) is a notice shown to the drafter with a one-click fix, outside ``run``: it
never blocks and needs no acknowledgement (docs/decisions/letters.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from gongkai.cases.remedies import direct_suits_after_review_first
from gongkai.documents import hygiene
from gongkai.parse.prose import read_claims, text_table
from gongkai.report.model import Report
from gongkai.report.render import paragraphs
from gongkai.report.rules import Finding, Severity, check
from gongkai_web.annual_reports import narrative
from gongkai_web.organizations.models import REPORT_DUE, Agency, Kind


def finding_key(finding: Finding) -> str:
    return f"{finding.rule}:{finding.where}"


def due_date(agency: Agency | None, year: int) -> dt.date | None:
    """Art. 49: departments by 31 January, governments by 31 March of the following year.

    The dates are settings (GONGKAI_REPORT_DUE, kind → (month, day)) so that a province's
    earlier internal deadline can be configured.
    """
    if agency is None:
        return None
    table = {**REPORT_DUE, **getattr(settings, "GONGKAI_REPORT_DUE", {})}
    month_day = table.get(agency.kind) or table.get(Kind.DEPARTMENT)
    return dt.date(year + 1, *month_day) if month_day else None


def all_text(report: Report) -> list[str]:
    s = report.sections
    if s is None:
        return []
    parts = narrative.parts_of(s)
    return [p for key in narrative.PART_KEYS for p in paragraphs(parts[key])]


_WINDOW = re.compile(r"1\s*月\s*1\s*日.{0,12}?12\s*月\s*31\s*日", re.S)


def statistics_window(report: Report, as_of: dt.datetime | None) -> list[Finding]:
    found: list[Finding] = []
    if as_of is not None and timezone.localtime(as_of).date() <= dt.date(report.year, 12, 31):
        found.append(
            Finding(
                "R9",
                Severity.ERROR,
                "as_of",
                f"数据截止时刻 {timezone.localtime(as_of):%Y-%m-%d %H:%M} 早于统计期末"
                f" {report.year} 年 12 月 31 日，"
                "统计期限不完整；请在次年重新计算（重新取数）。",
            )
        )
    if not any(_WINDOW.search(text) for text in all_text(report)):
        found.append(
            Finding(
                "R9",
                Severity.WARNING,
                "sections.preamble",
                f"正文未说明统计期限；请写明“统计期限自{report.year}年1月1日起至"
                f"{report.year}年12月31日止”。",
            )
        )
    return found


def deadline(agency: Agency | None, year: int, today: dt.date, published: bool) -> list[Finding]:
    due = due_date(agency, year)
    if due is None or published or today <= due:
        return []
    return [
        Finding(
            "R10",
            Severity.WARNING,
            "published_on",
            f"按条例第四十九条，本报告应于 {due:%Y年%m月%d日} 前公开，"
            f"已逾期 {(today - due).days} 天；"
            "请说明逾期原因后尽快公开。",
        )
    ]


@dataclass(frozen=True)
class Likeness:
    key: str
    heading: str
    score: float
    previous_text: str


def similarity_threshold() -> float:
    return float(getattr(settings, "GONGKAI_REPORT_SIMILARITY_WARN", 0.6))


def likeness(report: Report, previous: Report | None) -> list[Likeness]:
    if previous is None or previous.sections is None:
        return []
    now, then = narrative.parts_of(report.sections), narrative.parts_of(previous.sections)
    return [
        Likeness(key, heading, narrative.similarity(now[key], then[key]), then[key])
        for key, heading in narrative.PARTS
        if then[key].strip()
    ]


def similar(report: Report, previous: Report | None) -> list[Finding]:
    limit = similarity_threshold()
    return [
        Finding(
            "SIMILAR",
            Severity.WARNING,
            f"sections.{item.key}",
            f"“{item.heading}”与 {previous.year if previous else ''} 年报告的文字相似度为 "
            f"{item.score:.0%}（超过 {limit:.0%}），请据本年实际工作重写。",
            round(item.score, 3),
            limit,
        )
        for item in likeness(report, previous)
        if item.score > limit
    ]


def run(
    report: Report,
    previous: Report | None,
    *,
    agency: Agency | None,
    as_of: dt.datetime | None,
    today: dt.date,
    published: bool = False,
) -> list[Finding]:
    findings = check(report, previous)
    findings += text_table(report, read_claims(all_text(report)))
    findings += statistics_window(report, as_of)
    findings += deadline(agency, report.year, today, published)
    findings += similar(report, previous)
    findings += review_first_suits(agency, report.year)
    return findings


def review_first_suits(agency: Agency | None, year: int) -> list[Finding]:
    """T4-REVIEW-FIRST over the ledger's cases: determinable only for suits linked to the
    application whose decision they contest."""
    if agency is None or not apps.is_installed("gongkai_web.cases"):
        return []
    from gongkai_web.cases import letters, selectors

    return direct_suits_after_review_first(selectors.suits(agency), year, letters.remedy_paths())


def text_notices(report: Report) -> list[Finding]:
    """One NOTICE per narrative part whose text, as it will be published, has typographic
    problems (gongkai.documents.hygiene): how many, of which kinds, the first one."""
    parts = narrative.parts_of(report.sections)
    found = []
    for key, heading in narrative.PARTS:
        issues = hygiene.check(parts[key])
        if not issues:
            continue
        kinds: dict[str, int] = {}
        for issue in issues:
            kinds[issue.problem.label] = kinds.get(issue.problem.label, 0) + 1
        summary = "、".join(f"{label}{count}处" for label, count in kinds.items())
        found.append(
            Finding(
                "TEXT-HYGIENE",
                Severity.NOTICE,
                f"sections.{key}",
                f"“{heading}”有{len(issues)}处文字问题（{summary}），如{issues[0].message}；"
                "可在“编辑正文”中一键改正。",
                len(issues),
            )
        )
    return found
