"""The help beside the public form: published information matching what the applicant types
(refreshed by htmx as they type, or by the 查找已公开信息 button without JavaScript) and how
soon the chosen agency replies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gongkai_web.audit.services import client_address
from gongkai_web.cases import published, ratelimit, reply_stats, timekeeping
from gongkai_web.organizations.models import Agency

LOOKUPS_PER_HOUR = 600  # one per pause in typing; a person types far fewer


def _agency(raw: object) -> Agency | None:
    text = str(raw or "")
    if not text.isdigit():
        return None
    return Agency.objects.exclude(kind="unit").filter(pk=int(text)).first()


def context(values: Mapping[str, Any]) -> dict[str, Any]:
    agency = _agency(values.get("agency"))
    description = str(values.get("description") or "")[:2000]
    document_number = str(values.get("document_number") or "")[:200]
    matches = (
        published.find(description, document_number, agency)
        if (description + document_number).strip()
        else []
    )
    times = (
        reply_stats.reply_times(agency, timekeeping.today(), timekeeping.calendar())
        if agency is not None
        else None
    )
    return {
        "assist_agency": agency,
        "matches": matches,
        "looked_up": bool((description + document_number).strip()),
        "reply_times": times,
        "reply_times_min": reply_stats.minimum(),
    }


@require_POST
def assist(request: HttpRequest) -> HttpResponse:
    """The htmx fragment: what the form shows under 已公开的信息 and 办理时间. Posted, so that
    what the applicant types stays out of addresses and access logs."""
    if not ratelimit.allow("assist", client_address(request), LOOKUPS_PER_HOUR, 3600):
        return render(request, "cases/rate_limited.html", status=429)
    return render(request, "cases/_apply_assist.html", context(request.POST))
