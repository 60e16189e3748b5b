from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai_web.annual_reports import selectors


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "annual_reports/index.html", {"reports": selectors.report_list()})


def detail(request: HttpRequest, report_id: int) -> HttpResponse:
    stored = selectors.report_by_id(report_id)
    report = selectors.as_report(stored)
    return render(request, "annual_reports/detail.html", {"stored": stored, "report": report})
