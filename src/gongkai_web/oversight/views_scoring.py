"""Pages of 量化考核: the standard, runs and their tables, adjustments, commendations."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.scoring import documents
from gongkai.scoring.score import Period
from gongkai.scoring.standard import (
    AWARD_KEYS,
    DeductionKind,
    StandardError,
    award_key,
    award_label,
)
from gongkai_web.audit.services import actor_from_request
from gongkai_web.cases.timekeeping import calendar, today
from gongkai_web.media_accounts.models import Post
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.permissions import business_role_required
from gongkai_web.oversight import permissions, selectors, services
from gongkai_web.oversight.models import LEVEL_CHOICES, Adjustment, Carriage, ScoreRun
from gongkai_web.oversight.views import (
    agency_of,
    back,
    date_of,
    manager_actor,
    page,
    readable,
    staff,
    year_of,
)
from gongkai_web.oversight.workflow import RUN, confirmation
from gongkai_web.workflow import selectors as workflow_selectors

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _period(raw: str | None) -> Period:
    return Period(raw) if raw in {p.value for p in Period} else Period.YEAR_END


@business_role_required
def standard(request: HttpRequest) -> HttpResponse:
    agency, year = agency_of(request), year_of(request)
    current = services.current_standard(agency)
    values: dict[str, str] = {}
    if current is not None:
        values = {**current.data.get("awards", {}), **current.data.get("deductions", {})}
    name = current.name if current else ""
    if request.method == "POST":
        actor = manager_actor(request, agency)
        name = request.POST.get("name", "")
        values = {k: request.POST.get(k, "") for k in _fields()}
        data = {
            "name": name,
            "awards": {award_key(k, lv): values[award_key(k, lv)] for k, lv in AWARD_KEYS},
            "deductions": {d.value: values[d.value] for d in DeductionKind},
        }
        try:
            made = services.define_standard(
                actor=actor,
                agency=agency,
                data=data,
                effective_from=date_of(request.POST.get("effective_from"), "施行日期"),
            )
            messages.success(request, f"已制定记分标准（第{made.version}版）。")
            return back("oversight:standard", agency, year)
        except ValidationError as error:
            _errors(request, error)
    rows = [
        {
            "key": award_key(k, lv),
            "label": award_label(k, lv),
            "value": values.get(award_key(k, lv), ""),
        }
        for k, lv in AWARD_KEYS
    ]
    cuts = [
        {"key": d.value, "label": d.label, "value": values.get(d.value, "")} for d in DeductionKind
    ]
    return page(
        request,
        "standard.html",
        agency,
        year,
        current=current,
        name=name,
        awards=rows,
        deductions=cuts,
        effective_from=request.POST.get("effective_from") or f"{year}-01-01",
    )


def _fields() -> list[str]:
    return [award_key(k, lv) for k, lv in AWARD_KEYS] + [d.value for d in DeductionKind]


@business_role_required
def scores(request: HttpRequest) -> HttpResponse:
    agency, year = agency_of(request), year_of(request)
    period = _period(request.GET.get("period") or request.POST.get("period"))
    if request.method == "POST":
        actor = manager_actor(request, agency)
        try:
            run = services.run_scoring(
                actor=actor, agency=agency, year=year, period=period, calendar=calendar()
            )
            messages.success(request, f"已完成{year}年{period.label}计分，共{run.line_count}条。")
            return back("oversight:run", agency, year, run.pk)
        except (ValidationError, StandardError) as error:
            _errors(
                request,
                error if isinstance(error, ValidationError) else ValidationError(error.messages),
            )
    return page(
        request,
        "scores.html",
        agency,
        year,
        period=period,
        periods=list(Period),
        runs=selectors.runs(agency, year).select_related("standard", "ran_by"),
        standard=services.current_standard(agency),
        **carriage_context(agency, year),
    )


def _run(request: HttpRequest, run_id: int) -> ScoreRun:
    run = get_object_or_404(ScoreRun.objects.select_related("agency", "standard"), pk=run_id)
    readable(request, run.agency)
    return run


@business_role_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    units, people = selectors.tables(run)
    return page(
        request,
        "run.html",
        run.agency,
        run.year,
        run=run,
        units=units,
        people=people,
        rules=selectors.rule_summary(run),
        confirmed=confirmation(run),
        panel=workflow_selectors.panel(RUN, run, request.user),
    )


@business_role_required
def run_lines(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    unit_raw, person_raw = request.GET.get("unit", ""), request.GET.get("person", "")
    if person_raw.isdigit():
        rows = selectors.person_lines(run, int(person_raw))
        who = rows[0].person_name if rows else ""
    elif unit_raw.isdigit():
        rows = selectors.unit_lines(run, int(unit_raw))
        who = rows[0].unit_name if rows else ""
    else:
        rows, who = run.lines.order_by("on", "pk"), ""
    total = sum((r.points for r in rows), 0)
    return page(
        request, "lines.html", run.agency, run.year, run=run, rows=rows, who=who, total=total
    )


def _sheet(run: ScoreRun) -> documents.ScoreSheet:
    units, people = selectors.tables(run)
    period = Period(run.period)
    confirmed = confirmation(run)
    return documents.ScoreSheet(
        title=f"{run.agency.name}{run.year}年{period.label}政务公开量化考核得分表",
        standard=f"{run.standard.name}（第{run.standard.version}版）",
        window=f"{run.start.year}年{run.start.month}月{run.start.day}日至"
        f"{run.end.year}年{run.end.month}月{run.end.day}日",
        units=units,
        people=people,
        made_on=run.ran_at.date(),
        confirmed_by=confirmed.actor_name if confirmed else "",
        confirmed_on=timezone.localtime(confirmed.at).date() if confirmed else None,
    )


@business_role_required
def run_docx(request: HttpRequest, run_id: int) -> HttpResponse:
    sheet = _sheet(_run(request, run_id))
    return _download(documents.score_sheet_docx(sheet), f"{sheet.title}.docx", DOCX)


@business_role_required
def run_xlsx(request: HttpRequest, run_id: int) -> HttpResponse:
    sheet = _sheet(_run(request, run_id))
    return _download(documents.score_sheet_xlsx(sheet), f"{sheet.title}.xlsx", XLSX)


def _unit(agency: Agency, raw: str | None) -> Agency:
    unit = (
        Agency.objects.filter(pk=raw or 0, path__startswith=agency.path).first()
        if str(raw or "").isdigit()
        else None
    )
    if unit is None:
        raise ValidationError("请选择本机关或所属单位。")
    return unit


def _person(agency: Agency, raw: str | None) -> User | None:
    if not raw:
        return None
    return next((u for u in staff(agency) if str(u.pk) == raw), None)


@business_role_required
def adjustments(request: HttpRequest) -> HttpResponse:
    agency, year = agency_of(request), year_of(request)
    if request.method == "POST":
        actor = manager_actor(request, agency)
        try:
            services.adjust(
                actor=actor,
                agency=agency,
                unit=_unit(agency, request.POST.get("unit")),
                person=_person(agency, request.POST.get("person")),
                on=date_of(request.POST.get("on"), "计分日期"),
                points=request.POST.get("points", ""),
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, "已记录人工调整，重新计分后计入得分表。")
            return back("oversight:adjustments", agency, year)
        except ValidationError as error:
            _errors(request, error)
    return page(
        request,
        "adjustments.html",
        agency,
        year,
        adjustments=Adjustment.objects.filter(agency=agency, on__year=year).select_related(
            "unit", "person", "made_by"
        ),
        units=Agency.objects.filter(path__startswith=agency.path),
        people=staff(agency),
    )


@business_role_required
def commendations(request: HttpRequest) -> HttpResponse:
    agency, year = agency_of(request), year_of(request)
    if request.method == "POST":
        actor = manager_actor(request, agency)
        try:
            services.commend(
                actor=actor,
                agency=agency,
                year=year,
                title=request.POST.get("title", ""),
                unit=_unit(agency, request.POST.get("unit")),
                person=_person(agency, request.POST.get("person")),
                reason=request.POST.get("reason", ""),
                occasion=request.POST.get("occasion", ""),
                announced_on=date_of(request.POST.get("announced_on"), "通报日期"),
                run=selectors.latest_run(agency, year, Period.YEAR_END),
            )
            messages.success(request, "已记录表彰。")
            return back("oversight:commendations", agency, year)
        except ValidationError as error:
            _errors(request, error)
    return page(
        request,
        "commendations.html",
        agency,
        year,
        commendations=selectors.commendations(agency, year),
        units=Agency.objects.filter(path__startswith=agency.path),
        people=staff(agency),
    )


def _listing(agency: Agency, year: int) -> documents.CommendationList:
    rows = list(selectors.commendations(agency, year))
    return documents.CommendationList(
        title=f"{agency.name}{year}年度政务公开工作先进个人和集体名单",
        occasion=rows[0].occasion if rows else "全区教育工作大会",
        entries=[
            documents.Commendation(c.title, c.person_name or c.unit.name, c.unit.name, c.reason)
            for c in rows
        ],
        issuer=agency.name,
        made_on=max((c.announced_on for c in rows), default=today()),
    )


@business_role_required
def commendations_docx(request: HttpRequest) -> HttpResponse:
    listing = _listing(agency_of(request), year_of(request))
    return _download(documents.commendation_docx(listing), f"{listing.title}.docx", DOCX)


@business_role_required
def commendations_xlsx(request: HttpRequest) -> HttpResponse:
    listing = _listing(agency_of(request), year_of(request))
    return _download(documents.commendation_xlsx(listing), f"{listing.title}.xlsx", XLSX)


@require_POST
@business_role_required
def carriage(request: HttpRequest) -> HttpResponse:
    agency, year = agency_of(request), year_of(request)
    raw = request.POST.get("post", "")
    post = (
        Post.objects.filter(pk=raw if raw.isdigit() else 0)
        .select_related("account__agency")
        .first()
    )
    if post is None or not post.account.agency.path.startswith(agency.path):
        messages.error(request, f"找不到编号为“{raw}”的本机关政务新媒体信息，请核对信息编号。")
        return back("oversight:scores", agency, year)
    if not permissions.can_record(request.user, agency):
        raise PermissionDenied("您无权为该机关登记媒体刊发")
    try:
        services.record_carriage(
            actor=actor_from_request(request, agency=agency),
            post=post,
            outlet=request.POST.get("outlet", ""),
            level=request.POST.get("level", ""),
            carried_on=date_of(request.POST.get("carried_on"), "刊发日期"),
            link=request.POST.get("link", ""),
        )
        messages.success(request, f"已登记《{post.title}》的媒体刊发。")
    except ValidationError as error:
        _errors(request, error)
    return back("oversight:scores", agency, year)


def carriage_context(agency: Agency, year: int) -> dict[str, Any]:
    return {
        "levels": LEVEL_CHOICES,
        "carriages": Carriage.objects.filter(
            post__account__agency__path__startswith=agency.path, carried_on__year=year
        ).select_related("post"),
    }
