"""The only write path for annual reports: each function is one transaction with its audit row.

A generated report is a snapshot (see models.AnnualReport): numbers change only through
``recompute`` (which reports every changed cell and the records that changed it) or a
``correct_cell`` with a written reason; the narrative only through ``save_narrative``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.parse import parse_bytes
from gongkai.report import canonical
from gongkai.report.model import Report
from gongkai.report.rules import Severity
from gongkai_web.annual_reports import checks, narrative, selectors, snapshot
from gongkai_web.annual_reports.models import (
    TRANSITIONS,
    AnnualReport,
    Comment,
    ReportStatus,
    Source,
)
from gongkai_web.annual_reports.providers import collect_facts, collect_tables
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency, Role
from gongkai_web.organizations.permissions import grants


class ReportRefused(ValueError):
    """A change the workflow or the checks do not allow; the message says why, in Chinese."""


StatusChangeRefused = ReportRefused


@transaction.atomic
def save_report(
    report: Report,
    *,
    status: ReportStatus | None = None,
    agency: Agency | None = None,
    source: Source = Source.STORED,
) -> AnnualReport:
    """Store ``report`` as its agency's report for its year, replacing the content if one is
    already stored; a new report starts as a draft unless ``status`` says otherwise."""
    data = canonical.to_dict(report)
    stored, created = AnnualReport.objects.select_for_update().get_or_create(
        agency_name=report.agency,
        year=report.year,
        defaults={
            "canonical": data,
            "status": status or ReportStatus.DRAFT,
            "agency": agency,
            "source": source,
            "narrative": narrative.parts_of(report.sections),
        },
    )
    if not created:
        stored.canonical = data
        stored.narrative = narrative.parts_of(report.sections)
        if status is not None:
            stored.status = status
        stored.save(update_fields=["canonical", "narrative", "status", "updated_at"])
    return stored


# --- permissions -------------------------------------------------------------------------------


def _require(actor: audit.Actor, agency: Agency | None, *roles: str, what: str) -> None:
    if agency is None or not any(
        g.role in roles and g.agency_id == agency.pk for g in grants(actor.user)
    ):
        names = "、".join(Role(r).label for r in roles)
        raise ReportRefused(f"只有本机关的{names}可以{what}。")


def _supervises(actor: audit.Actor, agency: Agency | None) -> bool:
    return agency is not None and any(
        g.role == Role.SUPERVISOR
        and agency.path.startswith(g.agency.path)
        and g.agency_id != agency.pk
        for g in grants(actor.user)
    )


def _locked(stored: AnnualReport) -> AnnualReport:
    return (
        AnnualReport.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=stored.pk)
    )


def _editable(stored: AnnualReport) -> None:
    if stored.status != ReportStatus.DRAFT:
        raise ReportRefused(
            f"报告当前为“{ReportStatus(stored.status).label}”，只有草稿可以修改；"
            "如需修改，请审核人或分管领导退回。"
        )


# --- the snapshot ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Computed:
    tables: Report  # tables only, corrections applied
    drilldown: dict[str, list[dict[str, Any]]]
    facts: dict[str, dict[str, Any]]
    notes: list[str]


def compute(
    agency: Agency, year: int, as_of: dt.datetime, corrections: list[dict[str, Any]] | None = None
) -> Computed:
    provided = collect_tables(agency, year, as_of)
    tables = snapshot.tables_report(agency.name, year, provided.figures)
    return Computed(
        snapshot.with_corrections(tables, corrections or []),
        snapshot.drilldown(provided.figures),
        snapshot.facts_dict(collect_facts(agency, year, as_of)),
        list(provided.notes),
    )


def contact(agency: Agency) -> str | None:
    pairs = (
        ("政府信息公开工作机构", agency.office_name),
        ("办公地址", agency.office_address),
        ("办公时间", agency.office_hours),
        ("联系电话", agency.office_phone),
        ("传真", agency.office_fax),
        ("电子邮箱", agency.office_email),
    )
    text = "；".join(f"{label}：{value}" for label, value in pairs if value)
    return text or None


def assemble(
    tables: Report,
    parts: Mapping[str, str],
    facts: Mapping[str, Mapping[str, Any]],
    agency: Agency | None,
) -> Report:
    values = snapshot.token_values(tables, facts)
    return replace(
        tables,
        sections=narrative.sections(parts, lambda text: narrative.expand(text, values)),
        contact=contact(agency) if agency else tables.contact,
    )


def _store_content(stored: AnnualReport, report: Report) -> None:
    stored.canonical = canonical.to_dict(report)
    refresh_counts(stored, report)


def refresh_counts(
    stored: AnnualReport, report: Report | None = None, today: dt.date | None = None
) -> None:
    found = findings(stored, report, today)
    stored.errors_count = sum(1 for f in found if f.severity is Severity.ERROR)
    stored.warnings_count = len(found) - stored.errors_count


def findings(
    stored: AnnualReport, report: Report | None = None, today: dt.date | None = None
) -> list[Any]:
    report = report or selectors.as_report(stored)
    previous = selectors.previous_report(stored)
    return checks.run(
        report,
        previous,
        agency=stored.agency,
        as_of=stored.as_of,
        today=today or timezone.localdate(),
        published=stored.status == ReportStatus.PUBLISHED,
    )


@transaction.atomic
def create_report(
    *, actor: audit.Actor, agency: Agency, year: int, as_of: dt.datetime | None = None
) -> AnnualReport:
    _require(actor, agency, Role.CLERK, what="编制年度报告")
    if AnnualReport.objects.filter(agency_name=agency.name, year=year).exists():
        raise ReportRefused(f"{agency.name} {year} 年度报告已经存在，请打开它继续编辑或重新取数。")
    moment = as_of or timezone.now()
    computed = compute(agency, year, moment)
    parts = narrative.prefill(agency.name, year)
    report = assemble(computed.tables, parts, computed.facts, agency)
    stored = AnnualReport(
        agency=agency,
        agency_name=agency.name,
        year=year,
        status=ReportStatus.DRAFT,
        source=Source.GENERATED,
        as_of=moment,
        drilldown=computed.drilldown,
        facts=computed.facts,
        narrative=parts,
        notes=computed.notes,
        created_by=actor.user,
    )
    _store_content(stored, report)
    stored.save()
    audit.record(
        actor=actor,
        action="annual_report.create",
        obj=stored,
        agency=agency,
        changes={
            "year": year,
            "as_of": moment,
            "cells": len(snapshot.ALL_CELLS),
            "records": sum(len(v) for v in computed.drilldown.values()),
        },
    )
    return stored


def preview_recompute(
    stored: AnnualReport, as_of: dt.datetime
) -> tuple[Computed, list[snapshot.Change]]:
    if stored.agency is None:
        raise ReportRefused("这份报告不是由本系统的记录生成的，不能重新取数。")
    computed = compute(stored.agency, stored.year, as_of, stored.corrections)
    old = selectors.as_report(stored)
    changes = snapshot.diff(
        old, stored.drilldown, stored.facts, computed.tables, computed.drilldown, computed.facts
    )
    return computed, changes


@transaction.atomic
def recompute(
    *, actor: audit.Actor, stored: AnnualReport, as_of: dt.datetime | None = None
) -> list[snapshot.Change]:
    stored = _locked(stored)
    _require(actor, stored.agency, Role.CLERK, what="重新取数")
    _editable(stored)
    moment = as_of or timezone.now()
    computed, changes = preview_recompute(stored, moment)
    stored.as_of, stored.drilldown, stored.facts = moment, computed.drilldown, computed.facts
    stored.notes = computed.notes
    _store_content(
        stored, assemble(computed.tables, stored.narrative, computed.facts, stored.agency)
    )
    stored.save()
    audit.record(
        actor=actor,
        action="annual_report.recompute",
        obj=stored,
        agency=stored.agency,
        changes={
            "as_of": moment,
            "cells": {
                c.key: {
                    "before": c.before,
                    "after": c.after,
                    "added": len(c.added),
                    "removed": len(c.removed),
                }
                for c in changes
            },
        },
    )
    return changes


def _parse_value(cell: str, raw: str) -> int | Decimal:
    text = raw.strip()
    try:
        value = Decimal(text)
    except ArithmeticError as exc:
        raise ReportRefused(
            f"“{text}”不是数字；请填写非负整数（收费金额可带小数，单位万元）。"
        ) from exc
    if value < 0 or (cell != "table2.fees" and value != value.to_integral_value()):
        raise ReportRefused("请填写非负整数（收费金额可带小数，单位万元）。")
    return value if cell == "table2.fees" else int(value)


@transaction.atomic
def correct_cell(
    *, actor: audit.Actor, stored: AnnualReport, cell: str, value: str, reason: str
) -> AnnualReport:
    """A manual correction of one number, with a written reason, kept across recomputes."""
    stored = _locked(stored)
    _require(actor, stored.agency, Role.CLERK, what="更正数字")
    _editable(stored)
    if cell not in snapshot.ALL_CELLS:
        raise ReportRefused(f"没有“{cell}”这个单元格。")
    if len(reason.strip()) < 4:
        raise ReportRefused("人工更正必须写明理由（至少 4 个字），说明为何与记录不一致。")
    new = _parse_value(cell, value)
    report = selectors.as_report(stored)
    before = snapshot.cell_value(report, cell)
    entry = {
        "cell": cell,
        "before": str(before),
        "after": str(new),
        "reason": reason.strip(),
        "by": actor.username,
        "at": timezone.now().isoformat(),
    }
    stored.corrections = [c for c in stored.corrections if c["cell"] != cell] + [entry]
    tables = snapshot.with_corrections(report, stored.corrections)
    _store_content(stored, assemble(tables, stored.narrative, stored.facts, stored.agency))
    stored.save()
    audit.record(
        actor=actor,
        action="annual_report.correct",
        obj=stored,
        agency=stored.agency,
        changes={cell: {"before": before, "after": new}, "reason": reason.strip()},
    )
    return stored


@transaction.atomic
def save_narrative(
    *, actor: audit.Actor, stored: AnnualReport, parts: Mapping[str, str]
) -> AnnualReport:
    stored = _locked(stored)
    _require(actor, stored.agency, Role.CLERK, what="编辑正文")
    _editable(stored)
    values = snapshot.token_values(selectors.as_report(stored), stored.facts)
    cleaned = {
        key: str(parts.get(key, stored.narrative.get(key, ""))).replace("\r\n", "\n")
        for key in narrative.PART_KEYS
    }
    unknown = sorted(
        {t for text in cleaned.values() for t in narrative.unknown_tokens(text, values)}
    )
    if unknown:
        raise ReportRefused(
            "正文中有无法识别的数字占位符："
            + "、".join("{{" + t + "}}" for t in unknown)
            + "；请从右侧“可引用的数字”中选择。"
        )
    changed = {k: True for k in cleaned if cleaned[k] != stored.narrative.get(k, "")}
    stored.narrative = cleaned
    _store_content(
        stored, assemble(selectors.as_report(stored), cleaned, stored.facts, stored.agency)
    )
    stored.save()
    audit.record(
        actor=actor,
        action="annual_report.narrative",
        obj=stored,
        agency=stored.agency,
        changes={"parts": sorted(changed)},
    )
    return stored


@transaction.atomic
def acknowledge(*, actor: audit.Actor, stored: AnnualReport, key: str, text: str) -> AnnualReport:
    stored = _locked(stored)
    _require(actor, stored.agency, Role.CLERK, Role.REVIEWER, Role.LEADER, what="确认警告")
    if stored.status == ReportStatus.PUBLISHED:
        raise ReportRefused("报告已公开，不能再确认警告。")
    if len(text.strip()) < 4:
        raise ReportRefused("请写明确认理由（至少 4 个字），说明为何此警告不影响公开。")
    stored.acknowledgements = {
        **stored.acknowledgements,
        key: {"text": text.strip(), "by": actor.username, "at": timezone.now().isoformat()},
    }
    stored.save(update_fields=["acknowledgements", "updated_at"])
    audit.record(
        actor=actor,
        action="annual_report.acknowledge",
        obj=stored,
        agency=stored.agency,
        changes={"finding": key, "text": text.strip()},
    )
    return stored


# --- the workflow ------------------------------------------------------------------------------


def _move(
    actor: audit.Actor, stored: AnnualReport, new: ReportStatus, action: str, note: str = ""
) -> AnnualReport:
    current = ReportStatus(stored.status)
    if new not in TRANSITIONS[current]:
        raise ReportRefused(f"年度报告不能从“{current.label}”改为“{new.label}”。")
    stored.status = new
    stored.save()
    audit.record(
        actor=actor,
        action=f"annual_report.{action}",
        obj=stored,
        agency=stored.agency,
        changes={"status": {"before": current, "after": new}, "note": note},
    )
    return stored


def _blocking(stored: AnnualReport, today: dt.date | None = None) -> None:
    found = findings(stored, today=today)
    errors = [f for f in found if f.severity is Severity.ERROR]
    if errors:
        raise ReportRefused(
            f"还有 {len(errors)} 个错误未解决（{errors[0].message}）；改正后才能继续。"
        )
    pending = [f for f in found if checks.finding_key(f) not in stored.acknowledgements]
    if pending:
        raise ReportRefused(f"还有 {len(pending)} 个警告未书面确认（{pending[0].message}）。")


@transaction.atomic
def submit(
    *, actor: audit.Actor, stored: AnnualReport, today: dt.date | None = None
) -> AnnualReport:
    stored = _locked(stored)
    _require(actor, stored.agency, Role.CLERK, what="提交审核")
    _blocking(stored, today)
    stored.submitted_by = actor.user
    return _move(actor, stored, ReportStatus.SUBMITTED, "submit")


def _not_again(actor: audit.Actor, *before: Any) -> None:
    if any(user is not None and user.pk == getattr(actor.user, "pk", None) for user in before):
        raise ReportRefused("编制、审核、签发须由不同的人完成；您已参与前一环节。")


@transaction.atomic
def review(
    *, actor: audit.Actor, stored: AnnualReport, today: dt.date | None = None
) -> AnnualReport:
    stored = _locked(stored)
    _require(actor, stored.agency, Role.REVIEWER, what="审核年度报告")
    _not_again(actor, stored.submitted_by)
    _blocking(stored, today)
    stored.reviewed_by = actor.user
    return _move(actor, stored, ReportStatus.REVIEWED, "review")


@transaction.atomic
def sign(*, actor: audit.Actor, stored: AnnualReport, today: dt.date | None = None) -> AnnualReport:
    stored = _locked(stored)
    _require(actor, stored.agency, Role.LEADER, what="签发年度报告")
    _not_again(actor, stored.submitted_by, stored.reviewed_by)
    _blocking(stored, today)
    stored.signed_by = actor.user
    return _move(actor, stored, ReportStatus.SIGNED, "sign")


@transaction.atomic
def publish(
    *, actor: audit.Actor, stored: AnnualReport, today: dt.date | None = None
) -> AnnualReport:
    stored = _locked(stored)
    _require(actor, stored.agency, Role.CLERK, Role.LEADER, what="公开年度报告")
    _blocking(stored, today)
    day = today or timezone.localdate()
    report = replace(selectors.as_report(stored), published_on=day)
    stored.canonical = canonical.to_dict(report)
    # A publication date given explicitly (a report published on paper first, the demo) is
    # the portal's date too; otherwise it is now.
    stored.published_at = (
        timezone.make_aware(dt.datetime.combine(today, dt.time(9))) if today else timezone.now()
    )
    refresh_counts(stored, report, day)
    return _move(actor, stored, ReportStatus.PUBLISHED, "publish")


@transaction.atomic
def send_back(*, actor: audit.Actor, stored: AnnualReport, note: str) -> AnnualReport:
    stored = _locked(stored)
    if not _supervises(actor, stored.agency):
        _require(actor, stored.agency, Role.REVIEWER, Role.LEADER, what="退回年度报告")
    if len(note.strip()) < 2:
        raise ReportRefused("退回时请写明修改意见。")
    Comment.objects.create(
        report=stored,
        author=actor.user,
        kind=Comment.Kind.SEND_BACK,
        text=note.strip(),
        at=timezone.now(),
    )
    stored.submitted_by = stored.reviewed_by = stored.signed_by = None
    return _move(actor, stored, ReportStatus.DRAFT, "send_back", note.strip())


@transaction.atomic
def comment(*, actor: audit.Actor, stored: AnnualReport, text: str) -> Comment:
    if not _supervises(actor, stored.agency):
        _require(actor, stored.agency, Role.CLERK, Role.REVIEWER, Role.LEADER, what="发表意见")
    if not text.strip():
        raise ReportRefused("意见不能为空。")
    made = Comment.objects.create(
        report=stored, author=actor.user, text=text.strip(), at=timezone.now()
    )
    audit.record(
        actor=actor,
        action="annual_report.comment",
        obj=stored,
        agency=stored.agency,
        changes={"text": text.strip()},
    )
    return made


# --- last year's report from a published file ------------------------------------------------


@transaction.atomic
def import_published(
    *, actor: audit.Actor, agency: Agency, year: int, data: bytes, name: str
) -> AnnualReport:
    """Last year's report read from its published file, for the year-over-year rules."""
    _require(actor, agency, Role.CLERK, Role.SUPERVISOR, what="导入已公开的年度报告")
    result = parse_bytes(data, name)
    if result.report is None:
        reason = result.findings[0].message if result.findings else "无法读取。"
        raise ReportRefused(f"文件“{name}”未能读出年度报告：{reason}")
    return store_imported(actor=actor, agency=agency, year=year, report=result.report, name=name)


def store_imported(
    *, actor: audit.Actor, agency: Agency, year: int, report: Report, name: str
) -> AnnualReport:
    existing = AnnualReport.objects.filter(agency_name=agency.name, year=year).first()
    if existing is not None and existing.source != Source.IMPORTED:
        raise ReportRefused(f"{agency.name} {year} 年度报告已在本系统中，不能用导入的文件替换。")
    report = replace(report, agency=agency.name, year=year)
    data = json.loads(canonical.dumps(report))
    stored, _ = AnnualReport.objects.update_or_create(
        agency_name=agency.name,
        year=year,
        defaults={
            "agency": agency,
            "canonical": data,
            "status": ReportStatus.PUBLISHED,
            "source": Source.IMPORTED,
            "narrative": narrative.parts_of(report.sections),
        },
    )
    audit.record(
        actor=actor,
        action="annual_report.import",
        obj=stored,
        agency=agency,
        changes={"file": name, "year": year},
    )
    return stored
