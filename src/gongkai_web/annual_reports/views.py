from __future__ import annotations

import io

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.report import format2021 as f
from gongkai.report.render import RenderError, paragraphs
from gongkai.report.rules import check
from gongkai_web.annual_reports import documents, layout, selectors


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "annual_reports/index.html", {"reports": selectors.report_list()})


def detail(request: HttpRequest, report_id: int) -> HttpResponse:
    stored = selectors.report_by_id(report_id)
    report = selectors.as_report(stored)
    previous_stored = selectors.previous_year(stored)
    previous = selectors.as_report(previous_stored) if previous_stored else None
    findings = check(report, previous)
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
            "previous": previous_stored,
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
        },
    )


def download(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse:
    stored = selectors.report_by_id(report_id)
    report = selectors.as_report(stored)
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
