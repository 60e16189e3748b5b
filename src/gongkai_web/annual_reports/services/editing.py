"""Writing a draft: creating it, recomputing, correcting a cell, the narrative, acknowledgements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction

from gongkai.documents import hygiene
from gongkai_web import clock
from gongkai_web.annual_reports import narrative, selectors, snapshot
from gongkai_web.annual_reports.models import (
    AnnualReport,
    ReportStatus,
    Source,
)
from gongkai_web.annual_reports.services._common import (
    ReportRefused,
    _editable,
    _locked,
    _require,
)
from gongkai_web.annual_reports.services.content import (
    Computed,
    _store_content,
    assemble,
    compute,
)
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency, Role


@transaction.atomic
def create_report(
    *, actor: audit.Actor, agency: Agency, year: int, as_of: dt.datetime | None = None
) -> AnnualReport:
    _require(actor, agency, Role.CLERK, what="编制年度报告")
    if AnnualReport.objects.filter(agency_name=agency.name, year=year).exists():
        raise ReportRefused(f"{agency.name} {year} 年度报告已经存在，请打开它继续编辑或重新取数。")
    moment = as_of or clock.now()
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
    moment = as_of or clock.now()
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
        "at": clock.now().isoformat(),
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
    *, actor: audit.Actor, stored: AnnualReport, parts: Mapping[str, str], text_fixes: int = 0
) -> AnnualReport:
    """``text_fixes``: how many of the text checker's corrections the save applies (recorded)."""
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
        changes={"parts": sorted(changed)} | ({"text_fixes": text_fixes} if text_fixes else {}),
    )
    return stored


@transaction.atomic
def fix_text(*, actor: audit.Actor, stored: AnnualReport, key: str) -> AnnualReport:
    """The text checker's corrections of one narrative part, saved as the drafter's own save."""
    stored = _locked(stored)  # corrects the text as it is now, not as the page showed it
    if key not in narrative.PART_KEYS:
        raise ReportRefused("没有这一部分正文，请从正文编辑页面操作。")
    text = stored.narrative.get(key, "")
    fixed = narrative.tidy(text)
    if fixed == text:
        raise ReportRefused("这一部分没有可自动改正的文字问题。")
    count = len(hygiene.check(narrative.TOKEN.sub("0", text)))  # a token reads as a number
    return save_narrative(actor=actor, stored=stored, parts={key: fixed}, text_fixes=count)


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
        key: {"text": text.strip(), "by": actor.username, "at": clock.now().isoformat()},
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
