from __future__ import annotations

from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai_web import clock
from gongkai_web.audit import export, selectors
from gongkai_web.audit import services as audit
from gongkai_web.audit.forms import LogFilterForm
from gongkai_web.organizations.models import Role
from gongkai_web.organizations.permissions import role_required

EXPORT_LIMIT = 100_000


def _criteria(request: HttpRequest) -> tuple[LogFilterForm, selectors.LogFilter]:
    form = LogFilterForm(request.GET or None)
    if form.is_valid():
        return form, selectors.LogFilter(**form.cleaned_data)
    return form, selectors.LogFilter()


@role_required(Role.AUDITOR)
def log(request: HttpRequest) -> HttpResponse:
    form, criteria = _criteria(request)
    page = Paginator(selectors.search(criteria), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    template = "audit/_rows.html" if request.headers.get("HX-Request") else "audit/log.html"
    return render(request, template, context)


@role_required(Role.AUDITOR)
def log_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _, criteria = _criteria(request)
    entries = list(selectors.search(criteria)[:EXPORT_LIMIT])
    with transaction.atomic():
        # Exporting the log is itself recorded: who took a copy, and of what.
        audit.record(
            actor=audit.actor_from_request(request, role=Role.AUDITOR),
            action="audit.exported",
            object_type="audit.auditentry",
            changes={"format": fmt, "count": len(entries), "filter": criteria.__dict__},
        )
    stamp = timezone.localtime(clock.now()).strftime("%Y%m%d-%H%M%S")
    if fmt == "csv":
        response = HttpResponse(export.to_csv(entries), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            export.to_xlsx(entries),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.{fmt}"'
    return response


@role_required(Role.AUDITOR)
def chain_status(request: HttpRequest) -> HttpResponse:
    report = selectors.verify_chain()
    return render(request, "audit/chain.html", {"report": report})
