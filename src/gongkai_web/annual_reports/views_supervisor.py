"""The supervisor's pages (政务公开办): overview, roll-up with chart, batch check of reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.workflow.tables.batch_check import BatchAction, BatchState
from gongkai_web import clock
from gongkai_web.annual_reports import access, layout, services, svg
from gongkai_web.annual_reports import batch as batches_module
from gongkai_web.annual_reports import overview as ov
from gongkai_web.annual_reports import rollup as rollups
from gongkai_web.annual_reports.models import BatchCheck, CheckedFile, Verdict
from gongkai_web.annual_reports.workflow import BATCH
from gongkai_web.audit.services import actor_from_request
from gongkai_web.operations.replica import replica_reads
from gongkai_web.operations.uploads import UploadKind, UploadTooLarge, read_upload
from gongkai_web.organizations.models import Agency, Kind
from gongkai_web.workflow import selectors as workflow_selectors


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return clock.today().year - 1


def _rows(request: HttpRequest) -> tuple[list[ov.Row], int]:
    under = access.require_supervisor(request.user)
    year = _year(request)
    found = ov.rows(under, year, clock.today())
    return ov.select(
        found,
        state=request.GET.get("state", ""),
        kind=request.GET.get("kind", ""),
        q=request.GET.get("q", "").strip(),
    ), year


@login_required  # outside: the session and its user are read from the primary
@replica_reads
def overview(request: HttpRequest) -> HttpResponse:
    found, year = _rows(request)
    counts = {state: sum(1 for r in found if r.state is state) for state in ov.State}
    governments = [a for a in access.supervisor_agencies(request.user)]
    return render(
        request,
        "annual_reports/overview.html",
        {
            "rows": ov.html_rows(found, year),
            "count": len(found),
            "year": year,
            "counts": [(s, counts[s]) for s in ov.State],
            "states": list(ov.State),
            "kinds": [(Kind.GOVERNMENT, "人民政府"), (Kind.DEPARTMENT, "政府部门")],
            "query": request.GET,
            "governments": governments,
            "query_string": request.GET.urlencode(),
        },
    )


@login_required
@replica_reads
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    found, year = _rows(request)
    if fmt == "csv":
        response = HttpResponse(ov.as_csv(found), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            ov.as_xlsx(found, year),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404("只提供 CSV 和 XLSX 两种格式。")
    response["Content-Disposition"] = f'attachment; filename="annual-reports-{year}.{fmt}"'
    return response


@login_required
def rollup(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    government = get_object_or_404(Agency, pk=agency_id)
    if not access.supervises(request.user, government):
        raise Http404("没有这个机关。")
    built = rollups.build(government, year)
    figure = request.GET.get("figure", "new")
    if figure not in rollups.FIGURES:
        figure = "new"
    label = rollups.FIGURES[figure][0]
    return render(
        request,
        "annual_reports/rollup.html",
        {
            "r": built,
            "grids": layout.grids(built.total),
            "figure": figure,
            "figures": rollups.FIGURES.items(),
            "chart_agencies": svg.bar_chart(
                f"{year} 年各机关：{label}", rollups.by_agency(built.parts, figure)
            ),
            "chart_years": svg.bar_chart(f"历年合计：{label}", rollups.by_year(government, figure)),
        },
    )


@login_required
def batches(request: HttpRequest) -> HttpResponse:
    under = access.require_supervisor(request.user)
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads:
            messages.error(request, "请选择要检查的年度报告文件或 zip 压缩包。")
            return redirect("annual_reports:batches")
        made = None
        try:
            for upload in uploads:
                made = batches_module.start(
                    actor=actor_from_request(request, role="supervisor", agency=under[0]),
                    agency=under[0],
                    name=upload.name or "upload",
                    data=_read(upload, UploadKind.BATCH),
                )
        except services.ReportRefused as exc:
            messages.error(request, str(exc))
            return redirect("annual_reports:batches")
        messages.success(request, "已上传，正在后台逐份检查；完成后刷新本页即可查看。")
        return (
            redirect("annual_reports:batch", made.pk)
            if made
            else redirect("annual_reports:batches")
        )
    found = BatchCheck.objects.filter(agency__in=under).prefetch_related("files")
    return render(request, "annual_reports/batches.html", {"batches": found})


def _batch_of(request: HttpRequest, batch_id: int) -> BatchCheck:
    under = access.require_supervisor(request.user)
    return get_object_or_404(BatchCheck, pk=batch_id, agency__in=under)


@login_required
def batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    found = _batch_of(request, batch_id)
    files = []
    for checked in found.files.prefetch_related("reviews"):
        reviews = {r.index: r for r in checked.reviews.all()}
        files.append(
            {
                "file": checked,
                "findings": [
                    {"index": i, "f": f, "review": reviews.get(i)}
                    for i, f in enumerate(checked.findings)
                ],
                "decided": len(reviews) == len(checked.findings),
            }
        )
    agencies = Agency.objects.filter(path__startswith=found.agency.path).exclude(kind=Kind.UNIT)
    failure = None
    if found.status == BatchState.FAILED:
        failure = found.events.filter(action=BatchAction.FAIL).order_by("-pk").first()
    panel = workflow_selectors.panel(BATCH, found, request.user)
    return render(
        request,
        "annual_reports/batch.html",
        {
            "batch": found,
            "files": files,
            "agencies": agencies,
            "verdicts": Verdict.choices,
            "waiting": found.status in (BatchState.QUEUED, BatchState.RUNNING),
            "failure": failure,
            "panel": panel,
            "retry": next((m for m in panel.moves if m.move.action is BatchAction.RETRY), None),
        },
    )


def _checked(request: HttpRequest, file_id: int) -> CheckedFile:
    under = access.require_supervisor(request.user)
    return get_object_or_404(
        CheckedFile.objects.select_related("batch__agency"), pk=file_id, batch__agency__in=under
    )


@login_required
@require_POST
def review_finding(request: HttpRequest, file_id: int) -> HttpResponse:
    checked = _checked(request, file_id)
    try:
        batches_module.review(
            actor=actor_from_request(request, role="supervisor", agency=checked.batch.agency),
            checked=checked,
            index=int(request.POST.get("index", "-1")),
            verdict=request.POST.get("verdict", ""),
            note=request.POST.get("note", ""),
        )
    except (services.ReportRefused, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect("annual_reports:batch", checked.batch_id)


@login_required
@require_POST
def adopt(request: HttpRequest, file_id: int) -> HttpResponse:
    checked = _checked(request, file_id)
    try:
        agency = Agency.objects.get(pk=int(request.POST.get("agency", "0")))
        stored = batches_module.adopt(
            actor=actor_from_request(request, role="supervisor", agency=checked.batch.agency),
            checked=checked,
            agency=agency,
        )
    except (services.ReportRefused, ValueError, Agency.DoesNotExist) as exc:
        messages.error(
            request, str(exc) if isinstance(exc, services.ReportRefused) else "请选择机关。"
        )
        return redirect("annual_reports:batch", checked.batch_id)
    messages.success(request, f"已采用为 {stored}。")
    return redirect("annual_reports:detail", stored.pk)


def _read(upload: UploadedFile, kind: UploadKind) -> bytes:
    try:
        return read_upload(upload, kind)
    except UploadTooLarge as exc:
        raise services.ReportRefused(exc.message) from None
