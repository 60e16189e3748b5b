"""The report pages: the dashboard, the public report page, the draft workspace and its actions."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.report import format2021 as f
from gongkai.report.render import RenderError, paragraphs
from gongkai.report.rules import describe_cell
from gongkai_web import clock
from gongkai_web.annual_reports import (
    access,
    checks,
    documents,
    layout,
    narrative,
    selectors,
    services,
    snapshot,
)
from gongkai_web.annual_reports.models import AnnualReport, Comment, ReportStatus
from gongkai_web.annual_reports.workflow import REPORT
from gongkai_web.operations.uploads import UploadKind, UploadTooLarge, read_upload
from gongkai_web.organizations.models import Agency
from gongkai_web.workflow import selectors as workflow_selectors


def index(request: HttpRequest) -> HttpResponse:
    """The dashboard: one's own agencies' reports with the Art. 49 countdown; the public list."""
    today = clock.today()
    rows = []
    for agency in access.clerk_agencies(request.user) or _own_agencies(request):
        year = today.year - 1
        stored = AnnualReport.objects.filter(agency=agency, year=year).first()
        due = checks.due_date(agency, year)
        rows.append(
            {
                "agency": agency,
                "year": year,
                "stored": stored,
                "due": due,
                "days_left": (due - today).days if due else None,
                "may_create": agency in access.clerk_agencies(request.user),
            }
        )
    visible = [
        r
        for r in selectors.report_list().select_related("agency")
        if access.may_read(request.user, r)
    ]
    return render(
        request,
        "annual_reports/index.html",
        {
            "rows": rows,
            "reports": visible,
            "today": today,
            "supervisor": bool(access.supervisor_agencies(request.user)),
        },
    )


def _own_agencies(request: HttpRequest) -> list[Agency]:
    from gongkai_web.organizations.permissions import grants

    return list({g.agency for g in grants(request.user) if g.role in ("reviewer", "leader")})


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    try:
        agency = Agency.objects.get(pk=int(request.POST.get("agency", "0")))
        year = int(request.POST.get("year", ""))
        as_of = _moment(request.POST.get("as_of", ""))
        stored = services.create_report(
            actor=_clerk(request, agency),
            agency=agency,
            year=year,
            as_of=as_of,
        )
    except (ValueError, Agency.DoesNotExist) as exc:
        messages.error(
            request,
            str(exc)
            if isinstance(exc, services.ReportRefused)
            else "请选择机关并填写年度（四位数字）。",
        )
        return redirect("annual_reports:index")
    messages.success(request, f"已由记录生成 {stored}，数字已锁定为草稿快照。")
    return redirect("annual_reports:work", stored.pk)


def _clerk(request: HttpRequest, agency: Agency) -> services.audit.Actor:
    return services.audit.actor_from_request(request, role="clerk", agency=agency)


def _moment(raw: str) -> dt.datetime | None:
    if not raw.strip():
        return None
    try:
        parsed = dt.datetime.fromisoformat(raw.strip())
    except ValueError:
        raise services.ReportRefused("数据截止时刻格式不对，请写成 2025-01-10 09:00。") from None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """The report as government sites show it (the portal page when published)."""
    stored = selectors.report_by_id(report_id)
    access.require_read(request, stored)
    report = selectors.as_report(stored)
    findings = services.findings(stored, report)
    flagged = {cell for finding in findings for cell in finding.cells}
    ready, missing = documents.offered()
    s = report.sections
    overview = [
        (number + heading, paragraphs(getattr(s.overview, key)) if s else [])
        for key, number, heading in f.OVERVIEW_PARTS
    ]
    return render(
        request,
        "annual_reports/detail.html",
        {
            "stored": stored,
            "report": report,
            "previous": selectors.previous_year(stored),
            "findings": findings,
            "errors": sum(1 for x in findings if x.severity == "error"),
            "grids": layout.grids(report, flagged),
            "headings": f.SECTION_HEADINGS,
            "preamble": paragraphs(s.preamble) if s else [],
            "overview": overview,
            "problems": paragraphs(s.problems) if s else [],
            "other": paragraphs(s.other) if s else [],
            "downloads": ready,
            "missing": missing,
            "no_soffice": documents.soffice_path() is None,
            "may_work": request.user.is_authenticated
            and access.may_read(request.user, stored)
            and stored.agency is not None
            and (
                access.is_own(request.user, stored)
                or access.supervises(request.user, stored.agency)
            ),
        },
    )


def download(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse | FileResponse:
    stored = selectors.report_by_id(report_id)
    access.require_read(request, stored)
    report = selectors.as_report(stored)
    if fmt == "pdf" and documents.soffice_path() is None:
        return HttpResponse(
            "本服务器未安装 LibreOffice，暂不能生成 PDF。请安装 LibreOffice（Debian："
            "libreoffice-writer-nogui）和中文字体（fonts-noto-cjk、fonts-arphic-ukai），"
            "或下载 Word 文件自行转换。",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    try:
        rendered = documents.render(report, fmt)
    except RenderError as exc:
        # e.g. LibreOffice failed or timed out: say why, and keep the other formats reachable.
        return render(
            request,
            "annual_reports/render_failed.html",
            {"stored": stored, "report": report, "message": exc.message},
            status=503,
        )
    if rendered is None:
        raise Http404(f"不提供“{fmt}”格式的下载。")
    spec, data = rendered
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=documents.filename(report, spec),
        content_type=spec.content_type,
    )


# --- the workspace ------------------------------------------------------------------------------


def _workspace_report(request: HttpRequest, report_id: int) -> AnnualReport:
    if not request.user.is_authenticated:
        raise Http404("没有这份年度报告。")
    stored = selectors.report_by_id(report_id)
    if stored.agency is None or not (
        access.is_own(request.user, stored) or access.supervises(request.user, stored.agency)
    ):
        raise Http404("没有这份年度报告。")
    return stored


@login_required
def work(request: HttpRequest, report_id: int) -> HttpResponse:
    stored = _workspace_report(request, report_id)
    report = selectors.as_report(stored)
    findings = services.findings(stored, report)
    flagged = {cell for finding in findings for cell in finding.cells}
    values = snapshot.token_values(report, stored.facts)
    editable = stored.status == ReportStatus.DRAFT and access.is_own(request.user, stored)
    due = checks.due_date(stored.agency, stored.year)
    today = clock.today()
    rows = [
        {
            "finding": x,
            "key": checks.finding_key(x),
            "ack": stored.acknowledgements.get(checks.finding_key(x)),
        }
        # The text checker's notices follow the checks: shown to the drafter, never blocking.
        for x in [*findings, *checks.text_notices(report)]
    ]
    return render(
        request,
        "annual_reports/work.html",
        {
            "stored": stored,
            "report": report,
            "rows": rows,
            "errors": sum(1 for x in findings if x.severity == "error"),
            "grids": layout.grids(report, flagged),
            "editable": editable,
            "own": access.is_own(request.user, stored),
            "supervisor": access.supervises(request.user, stored.agency)
            and not access.is_own(request.user, stored),
            "parts": [
                (key, heading, narrative.split(stored.narrative.get(key, ""), values))
                for key, heading in narrative.PARTS
            ],
            "facts": stored.facts,
            "corrections": stored.corrections,
            "comments": Comment.objects.filter(report=stored).select_related("author"),
            "panel": workflow_selectors.panel(REPORT, stored, request.user),
            "due": due,
            "days_left": (due - today).days if due else None,
            "cells": [(c, describe_cell(c)) for c in snapshot.ALL_CELLS],
        },
    )


@login_required
def drilldown(request: HttpRequest, report_id: int, cell: str) -> HttpResponse:
    stored = _workspace_report(request, report_id)
    report = selectors.as_report(stored)
    if cell in snapshot.ALL_CELLS:
        value, name = snapshot.cell_value(report, cell), describe_cell(cell)
        refs = stored.drilldown.get(cell, [])
    elif cell in stored.facts:
        fact = stored.facts[cell]
        value, name, refs = fact["value"], f"正文数字“{fact['label']}”", fact["refs"]
    else:
        raise Http404("没有这个数字。")
    corrected = next((c for c in stored.corrections if c["cell"] == cell), None)
    return render(
        request,
        "annual_reports/drilldown.html",
        {
            "stored": stored,
            "cell": cell,
            "name": name,
            "value": value,
            "refs": refs,
            "corrected": corrected,
            "is_amount": cell == "table2.fees",
        },
    )


@login_required
def recompute(request: HttpRequest, report_id: int) -> HttpResponse:
    stored = _workspace_report(request, report_id)
    moment = clock.now()
    if request.method == "POST":
        try:
            moment = _moment(request.POST.get("as_of", "")) or moment
            changes = services.recompute(
                actor=access.actor(request, stored), stored=stored, as_of=moment
            )
        except services.ReportRefused as exc:
            messages.error(request, str(exc))
            return redirect("annual_reports:work", stored.pk)
        messages.success(request, f"已重新取数，{len(changes)} 个数字有变化。")
        return redirect("annual_reports:work", stored.pk)
    try:
        _, changes = services.preview_recompute(stored, moment)
    except services.ReportRefused as exc:
        messages.error(request, str(exc))
        return redirect("annual_reports:work", stored.pk)
    return render(
        request,
        "annual_reports/recompute.html",
        {"stored": stored, "changes": changes, "moment": moment},
    )


def _act(request: HttpRequest, stored: AnnualReport, run: object) -> HttpResponse:
    try:
        run()  # type: ignore[operator]
    except services.ReportRefused as exc:
        messages.error(request, str(exc))
    return redirect("annual_reports:work", stored.pk)


@login_required
@require_POST
def correct(request: HttpRequest, report_id: int) -> HttpResponse:
    stored = _workspace_report(request, report_id)
    return _act(
        request,
        stored,
        lambda: services.correct_cell(
            actor=access.actor(request, stored),
            stored=stored,
            cell=request.POST.get("cell", ""),
            value=request.POST.get("value", ""),
            reason=request.POST.get("reason", ""),
        ),
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, report_id: int) -> HttpResponse:
    stored = _workspace_report(request, report_id)
    return _act(
        request,
        stored,
        lambda: services.acknowledge(
            actor=access.actor(request, stored),
            stored=stored,
            key=request.POST.get("key", ""),
            text=request.POST.get("text", ""),
        ),
    )


@login_required
@require_POST
def comment(request: HttpRequest, report_id: int) -> HttpResponse:
    stored = _workspace_report(request, report_id)
    return _act(
        request,
        stored,
        lambda: services.comment(
            actor=access.actor(request, stored), stored=stored, text=request.POST.get("text", "")
        ),
    )


@login_required
def import_previous(request: HttpRequest) -> HttpResponse:
    """Last year's report from its published file, when the agency did not use gongkai then."""
    agencies = access.clerk_agencies(request.user) or access.supervisor_agencies(request.user)
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            agency = Agency.objects.get(pk=int(request.POST.get("agency", "0")))
            year = int(request.POST.get("year", ""))
            if upload is None:
                raise services.ReportRefused(
                    "请选择已公开的年度报告文件（网页、Word、PDF 或文本）。"
                )
            stored = services.import_published(
                actor=services.audit.actor_from_request(request, role="clerk", agency=agency),
                agency=agency,
                year=year,
                data=_read(upload, UploadKind.REPORT),
                name=upload.name or "report",
            )
        except (ValueError, Agency.DoesNotExist) as exc:
            messages.error(
                request,
                str(exc) if isinstance(exc, services.ReportRefused) else "请选择机关并填写年度。",
            )
            return redirect("annual_reports:import")
        messages.success(request, f"已导入 {stored}，用作下一年度报告的衔接核对。")
        return redirect("annual_reports:detail", stored.pk)
    return render(
        request,
        "annual_reports/import.html",
        {"agencies": agencies, "year": clock.today().year - 2},
    )


def _read(upload: UploadedFile, kind: UploadKind) -> bytes:
    try:
        return read_upload(upload, kind)
    except UploadTooLarge as exc:
        raise services.ReportRefused(exc.message) from None
