"""The supervisor's overview of every agency below: status, findings, deadline — in 3 queries.

One query for the agencies below, one for their reports of the year (values only, no JSON),
one for the user's role grants; the counts of errors and warnings are kept on each report
(services.refresh_counts), so no report is loaded to list it. Rows are rendered by
plain escaped f-strings rather than the template loop: 5,000 rows in well under 300 ms.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from gongkai.sheets import CsvWriter
from gongkai_web import clock
from gongkai_web.annual_reports.checks import due_date
from gongkai_web.annual_reports.models import AnnualReport, ReportStatus
from gongkai_web.organizations.models import Agency, Kind


class State(enum.Enum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    PUBLISHED = "published"
    LATE = "late"

    @property
    def label(self) -> str:
        return {"not_started": "未开始", "draft": "编制中", "published": "已公开", "late": "逾期"}[
            self.value
        ]


@dataclass(frozen=True, slots=True)
class Row:
    agency_id: int
    name: str
    kind: str
    depth: int
    report_id: int | None
    status: str  # the report's own status label, or ""
    state: State
    errors: int
    warnings: int
    due: dt.date | None
    published_on: dt.date | None


def rows(under: Iterable[Agency], year: int, today: dt.date) -> list[Row]:
    condition = Q(pk__in=[])
    for agency in under:
        condition |= Q(path__startswith=agency.path)
    below = Agency.objects.filter(condition).exclude(kind=Kind.UNIT)
    agencies = list(below.order_by("path").values_list("pk", "name", "kind", "depth"))
    reports = {
        r[0]: r
        for r in AnnualReport.objects.filter(year=year, agency__in=below.values("pk"))
        .order_by()
        .values_list("agency_id", "pk", "status", "errors_count", "warnings_count", "published_at")
    }
    labels = dict(ReportStatus.choices())
    # due_date reads only the kind: an unsaved Agency of each kind stands for all of them.
    due_by_kind: dict[str, dt.date | None] = {
        kind: due_date(Agency(kind=kind), year) for kind in (Kind.GOVERNMENT, Kind.DEPARTMENT)
    }
    out: list[Row] = []
    for pk, name, kind, depth in agencies:
        due = due_by_kind.get(kind)
        found = reports.get(pk)
        if found is None:
            state = State.LATE if due and today > due else State.NOT_STARTED
            out.append(Row(pk, name, kind, depth, None, "", state, 0, 0, due, None))
            continue
        _, report_id, status, errors, warnings, published_at = found
        published_on = published_at.date() if published_at else None
        if status == ReportStatus.PUBLISHED:
            state = State.LATE if due and published_on and published_on > due else State.PUBLISHED
        else:
            state = State.LATE if due and today > due else State.DRAFT
        out.append(
            Row(
                pk,
                name,
                kind,
                depth,
                report_id,
                labels[status],
                state,
                errors,
                warnings,
                due,
                published_on,
            )
        )
    return out


def select(found: list[Row], *, state: str = "", kind: str = "", q: str = "") -> list[Row]:
    return [
        r
        for r in found
        if (not state or r.state.value == state)
        and (not kind or r.kind == kind)
        and (not q or q in r.name)
    ]


def html_rows(found: list[Row], year: int) -> SafeString:
    # Django's format_html escapes through lazy wrappers (~0.2 ms a row); 5,000 rows need the
    # plain escape of the standard library: every text from the database passes through it.
    work = reverse("annual_reports:work", args=[0])[: -len("0/work/")]
    out = []
    for r in found:
        status = (
            f'<a href="{work}{r.report_id}/work/">{escape(r.status)}</a>' if r.report_id else "—"
        )
        out.append(
            f'<tr data-depth="{r.depth}"><th scope="row">{escape(r.name)}</th><td>{status}</td>'
            f'<td class="state-{r.state.value}">{r.state.label}</td><td>{r.errors}</td>'
            f"<td>{r.warnings}</td><td>{r.due.isoformat() if r.due else '—'}</td>"
            f"<td>{r.published_on.isoformat() if r.published_on else ''}</td></tr>"
        )
    return mark_safe("\n".join(out))


HEADER = ("机关", "报告状态", "总体情况", "错误", "警告", "公开期限", "公开日期")


def as_csv(found: list[Row]) -> str:
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.writerow(HEADER)
    for r in found:
        writer.writerow(_plain(r))
    return "\ufeff" + out.getvalue()  # BOM: Excel opens UTF-8 CSV as Chinese text


def _plain(r: Row) -> list[object]:
    return [
        r.name,
        r.status or "未创建",
        r.state.label,
        r.errors,
        r.warnings,
        r.due.isoformat() if r.due else "",
        r.published_on.isoformat() if r.published_on else "",
    ]


def as_xlsx(found: list[Row], year: int) -> bytes:
    from gongkai.documents.ledger import Ledger, ledger_xlsx

    title = f"{year}年度政府信息公开工作年度报告编制情况"
    sheet = Ledger(f"{year}年度报告", title, HEADER, [_plain(r) for r in found])
    return ledger_xlsx([sheet], day=clock.today())
