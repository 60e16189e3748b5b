"""Supervision: patrols, bulletins, rectification of problems, and the year's numbers."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongkai.media import documents, yearly
from gongkai.media.bulletin import paragraphs
from gongkai_web import clock
from gongkai_web.audit.services import actor_from_request
from gongkai_web.cases import sms
from gongkai_web.media_accounts import forms, inspection, permissions, selectors
from gongkai_web.media_accounts.models import (
    Bulletin,
    PatrolRun,
    Problem,
    ProblemStatus,
)
from gongkai_web.media_accounts.views._common import (
    DOCX,
    XLSX,
    _agency,
    _download,
    _errors,
    _role,
)
from gongkai_web.organizations.models import Role
from gongkai_web.organizations.permissions import business_role_required

# --- patrols -------------------------------------------------------------------------------


@business_role_required
def patrols(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    can_run = permissions.can_supervise(request.user, agency)
    form = forms.RunForm(request.POST or None, initial={"on": clock.today()})
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied(f"只有{agency.name}或上级的政务公开办可以执行巡查")
        if form.is_valid():
            run_kind = request.POST.get("kind")
            runner = inspection.run_sweep if run_kind == "weekly" else inspection.run_patrol
            run = runner(
                actor=actor_from_request(request, role=Role.SUPERVISOR, agency=agency),
                agency=agency,
                on=form.cleaned_data["on"],
            )
            messages.success(
                request,
                f"{run.get_kind_display()}已完成：不合格 {run.failed + run.zombies} 个账号。",
            )
            return redirect("media_accounts:patrol", run_id=run.pk)
    runs = PatrolRun.objects.filter(agency__path__startswith=agency.path)[:60]
    return render(
        request,
        "media_accounts/patrols.html",
        {"agency": agency, "runs": runs, "form": form, "can_run": can_run},
    )


@business_role_required
def patrol_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(PatrolRun.objects.select_related("agency"), pk=run_id)
    if not permissions.can_see(request.user, run.agency):
        raise PermissionDenied("您无权查看该巡查记录")
    results = run.results.select_related("account__agency")
    problems = Problem.objects.filter(run=run).select_related("account__agency")
    return render(
        request,
        "media_accounts/patrol_detail.html",
        {
            "run": run,
            "results": results,
            "problems": problems,
            "sms_not_sent": "" if sms.configured() else sms.Delivery.NOT_SENT.label,
        },
    )


# --- bulletins -------------------------------------------------------------------------------


@business_role_required
def bulletins(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    can_issue = permissions.can_supervise(request.user, agency)
    today = clock.today()
    quarter = (today.month - 1) // 3  # the quarter just ended (0: the last of last year)
    initial = {
        "year": today.year if quarter else today.year - 1,
        "quarter": quarter or 4,
        "issued_on": today,
        "deadline": today + dt.timedelta(days=30),
    }
    form = forms.BulletinForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_issue:
            raise PermissionDenied(f"只有{agency.name}或上级的政务公开办可以印发通报")
        if form.is_valid():
            try:
                stored = inspection.issue_bulletin(
                    actor=actor_from_request(request, role=Role.SUPERVISOR, agency=agency),
                    agency=agency,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"《{stored.title}》已印发。")
                return redirect("media_accounts:bulletin", bulletin_id=stored.pk)
    items = Bulletin.objects.filter(agency__path__startswith=agency.path)
    return render(
        request,
        "media_accounts/bulletins.html",
        {"agency": agency, "bulletins": items, "form": form, "can_issue": can_issue},
    )


def _bulletin(request: HttpRequest, bulletin_id: int) -> Bulletin:
    stored = get_object_or_404(Bulletin.objects.select_related("agency"), pk=bulletin_id)
    if not permissions.can_see(request.user, stored.agency):
        raise PermissionDenied("您无权查看该通报")
    return stored


@business_role_required
def bulletin_detail(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    stored = _bulletin(request, bulletin_id)
    made = inspection.bulletin_of(stored)
    return render(
        request,
        "media_accounts/bulletin_detail.html",
        {
            "stored": stored,
            "bulletin": made,
            "paragraphs": paragraphs(made),
            "annex_title": documents.annex_title(made),
        },
    )


@business_role_required
def bulletin_docx(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    stored = _bulletin(request, bulletin_id)
    data = documents.bulletin_docx(inspection.bulletin_of(stored))
    return _download(data, f"{stored.title}.docx", DOCX)


@business_role_required
def bulletin_xlsx(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    stored = _bulletin(request, bulletin_id)
    made = inspection.bulletin_of(stored)
    if not made.annex:
        raise Http404("本通报未发现问题，没有问题账号清单。")
    data = documents.bulletin_annex_xlsx(made)
    return _download(data, f"{stored.title}-问题账号清单.xlsx", XLSX)


# --- rectification and numbers ------------------------------------------------------------------


@business_role_required
def problems(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    status = request.GET.get("status", "")
    items = Problem.objects.filter(account__agency__path__startswith=agency.path).select_related(
        "account__agency", "bulletin"
    )
    if status in ProblemStatus.values:
        items = items.filter(status=status)
    return render(
        request,
        "media_accounts/problems.html",
        {
            "agency": agency,
            "problems": items[:300],
            "status": status,
            "statuses": ProblemStatus.choices,
            "can_supervise": permissions.can_supervise(request.user, agency),
            "counts": dict(items.values_list("status").annotate(n=Count("pk")).order_by()),
        },
    )


@require_POST
@business_role_required
def problem_act(request: HttpRequest, problem_id: int) -> HttpResponse:
    problem = get_object_or_404(Problem.objects.select_related("account__agency"), pk=problem_id)
    agency = problem.account.agency
    if not permissions.can_see(request.user, agency):
        raise PermissionDenied("您无权处理该问题")
    actor = actor_from_request(request, role=_role(request, agency), agency=agency)
    action = request.POST.get("action")
    text = request.POST.get("text", "")
    try:
        if action == "submit":
            inspection.submit_rectification(actor=actor, problem=problem, text=text)
        elif action == "close":
            inspection.close_problem(actor=actor, problem=problem, on=clock.today())
        elif action == "reject":
            inspection.reject_rectification(actor=actor, problem=problem, reason=text)
        else:
            messages.error(request, "未知的操作")
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("media_accounts:problems")


@business_role_required
def year_numbers(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    raw = request.GET.get("year", "")
    # The annual report is written early in the next year: last year by default.
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else clock.today().year - 1
    counts = selectors.year_counts(agency, year)
    context = {
        "agency": agency,
        "year": year,
        "counts": counts,
        "sentence": yearly.sentence(agency.name, year, counts),
    }
    return render(request, "media_accounts/year.html", context)
