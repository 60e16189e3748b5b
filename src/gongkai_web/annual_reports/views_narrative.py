"""The narrative editor: each part with its preview, its likeness to last year's text and the
text checker's findings, saved part by part (with htmx, in place); a part's findings are fixed
in one click through the same save."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.documents import hygiene
from gongkai_web.annual_reports import access, checks, narrative, selectors, services, snapshot
from gongkai_web.annual_reports.models import AnnualReport, ReportStatus
from gongkai_web.annual_reports.views import _workspace_report

SHOWN_ISSUES = 8  # per part; the rest are counted


@login_required
def edit_narrative(request: HttpRequest, report_id: int) -> HttpResponse:
    """A plain form; with htmx each part saves and re-renders in place."""
    stored = _workspace_report(request, report_id)
    error = ""
    if request.method == "POST":
        try:
            stored = services.save_narrative(
                actor=access.actor(request, stored),
                stored=stored,
                parts={k: request.POST[k] for k in narrative.PART_KEYS if k in request.POST},
            )
        except services.ReportRefused as exc:
            error = str(exc)
        if not error and not getattr(request, "htmx", False):
            messages.success(request, "正文已保存。")
            return redirect(reverse("annual_reports:narrative", args=[stored.pk]))
    key = next((k for k in narrative.PART_KEYS if k in request.POST), "")
    return _page(request, stored, error, key)


@login_required
@require_POST
def fix_narrative(request: HttpRequest, report_id: int) -> HttpResponse:
    """Apply the text checker's corrections to one part (``key``)."""
    stored = _workspace_report(request, report_id)
    key = request.POST.get("key", "")
    error = ""
    try:
        stored = services.fix_text(actor=access.actor(request, stored), stored=stored, key=key)
    except services.ReportRefused as exc:
        error = str(exc)
    if not getattr(request, "htmx", False):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, "已按文字检查的建议改正并保存。")
        return redirect(reverse("annual_reports:narrative", args=[stored.pk]) + f"#part-{key}")
    return _page(request, stored, error, key)


def _page(request: HttpRequest, stored: AnnualReport, error: str, key: str) -> HttpResponse:
    previous = selectors.previous_report(stored)
    values = snapshot.token_values(selectors.as_report(stored), stored.facts)
    report = selectors.as_report(stored)
    likeness = {item.key: item for item in checks.likeness(report, previous)}
    limit = checks.similarity_threshold()
    parts = [_part(k, heading, stored, values, likeness, limit) for k, heading in narrative.PARTS]
    context = {
        "stored": stored,
        "parts": parts,
        "facts": stored.facts,
        "error": error,
        "previous": previous,
        "limit": limit,
        "editable": stored.status == ReportStatus.DRAFT and access.is_own(request.user, stored),
    }
    if getattr(request, "htmx", False) and request.method == "POST":
        part = next((p for p in parts if p["key"] == key), None)
        return render(request, "annual_reports/_narrative_part.html", {**context, "p": part})
    return render(request, "annual_reports/narrative.html", context)


def _part(
    key: str,
    heading: str,
    stored: AnnualReport,
    values: dict[str, Any],
    likeness: dict[str, checks.Likeness],
    limit: float,
) -> dict[str, Any]:
    text = stored.narrative.get(key, "")
    # The findings are those of the text as it will be published (figures in place of the
    # tokens), as the report's checks list them; the fix corrects the stored text.
    issues = hygiene.check(narrative.expand(text, values))
    return {
        "key": key,
        "heading": heading,
        "text": text,
        "preview": narrative.split(text, values),
        "like": likeness.get(key),
        "warn": key in likeness and likeness[key].score > limit,
        "issues": [issue.message for issue in issues[:SHOWN_ISSUES]],
        "more_issues": max(0, len(issues) - SHOWN_ISSUES),
        "issue_count": len(issues),
        "fixable": narrative.tidy(text) != text,
    }
