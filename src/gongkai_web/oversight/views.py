"""Pages of 监督保障: the group, rules, training, the report's facts. Thin: writes in services."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai_web.audit.services import actor_from_request
from gongkai_web.cases.timekeeping import today
from gongkai_web.operations.files import read_file
from gongkai_web.operations.models import StoredFile
from gongkai_web.operations.uploads import UploadKind, UploadTooLarge, read_upload
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.permissions import business_role_required, visible_agencies
from gongkai_web.oversight import materials, permissions, report_facts, selectors, services
from gongkai_web.oversight.models import (
    Governed,
    GroupRole,
    GroupSeat,
    Organiser,
    Rule,
    TrainingSession,
)


def agency_of(request: HttpRequest) -> Agency:
    """The agency asked for (?agency=), else the shallowest one the user may read."""
    raw = request.GET.get("agency") or request.POST.get("agency")
    if raw:
        agency = Agency.objects.filter(pk=raw).first() if str(raw).isdigit() else None
        if agency is None or not permissions.can_read(request.user, agency):
            raise PermissionDenied("您无权查看该机关的监督保障记录")
        return agency
    first = visible_agencies(request.user).order_by("depth", "path").first()
    if first is None:
        raise PermissionDenied("您没有可查看的机关")
    return first


def year_of(request: HttpRequest) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today().year


def date_of(raw: str | None, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        raise ValidationError(
            f"{what}“{raw or ''}”不是有效日期，请按 2024-03-15 的格式填写。"
        ) from None


def readable(request: HttpRequest, agency: Agency) -> None:
    # Another agency's records are not found at all (404), as elsewhere in gongkai.
    if not permissions.can_read(request.user, agency):
        raise Http404


def manager_actor(request: HttpRequest, agency: Agency) -> Any:
    if not permissions.can_manage(request.user, agency):
        raise PermissionDenied("只有本机关的分管领导或政务公开办可以修改")
    return actor_from_request(request, agency=agency)


def staff(agency: Agency) -> list[User]:
    return list(
        User.objects.filter(profile__agency__path__startswith=agency.path, is_active=True)
        .order_by("username")
        .distinct()
    )


def page(
    request: HttpRequest, template: str, agency: Agency, year: int, **context: Any
) -> HttpResponse:
    return render(
        request,
        f"oversight/{template}",
        {
            "agency": agency,
            "year": year,
            "can_manage": permissions.can_manage(request.user, agency),
            "can_record": permissions.can_record(request.user, agency),
            **context,
        },
    )


def back(name: str, agency: Agency, year: int, *args: Any) -> HttpResponse:
    return redirect(f"{reverse(name, args=args)}?agency={agency.pk}&year={year}")


@business_role_required
def index(request: HttpRequest) -> HttpResponse:
    agency, year = agency_of(request), year_of(request)
    facts = report_facts.oversight_facts(agency, year)
    return page(request, "index.html", agency, year, facts=facts)


@business_role_required
def group(request: HttpRequest) -> HttpResponse:
    agency, year = agency_of(request), year_of(request)
    day = dt.date(year, 12, 31)
    return page(
        request,
        "group.html",
        agency,
        year,
        seats=selectors.group_on(agency, day),
        changes=selectors.group_changes(agency, year),
        duties=selectors.duties_on(agency, day),
        roles=GroupRole.choices,
        current=GroupSeat.objects.filter(agency=agency, effective_to__isnull=True),
        units=Agency.objects.filter(path__startswith=agency.path),
    )


@require_POST
@business_role_required
def appoint(request: HttpRequest) -> HttpResponse:
    agency, year = agency_of(request), year_of(request)
    actor = manager_actor(request, agency)
    replaces = None
    if request.POST.get("replaces"):
        replaces = get_object_or_404(GroupSeat, pk=request.POST["replaces"], agency=agency)
    try:
        services.appoint(
            actor=actor,
            agency=agency,
            role=request.POST.get("role", ""),
            name=request.POST.get("name", ""),
            position=request.POST.get("position", ""),
            effective_from=date_of(request.POST.get("effective_from"), "任职日期"),
            replaces=replaces,
        )
        messages.success(request, "已记录领导小组成员。")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return back("oversight:group", agency, year)


@require_POST
@business_role_required
def duty(request: HttpRequest) -> HttpResponse:
    agency, year = agency_of(request), year_of(request)
    actor = manager_actor(request, agency)
    unit = Agency.objects.filter(
        pk=request.POST.get("unit") or 0, path__startswith=agency.path
    ).first()
    try:
        services.assign_duty(
            actor=actor,
            agency=agency,
            section=request.POST.get("section", ""),
            tasks=request.POST.get("tasks", ""),
            person=request.POST.get("person", ""),
            effective_from=date_of(request.POST.get("effective_from"), "起始日期"),
            lead=request.POST.get("lead") == "on",
            unit=unit,
        )
        messages.success(request, "已记录责任分工。")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return back("oversight:group", agency, year)


@business_role_required
def rules(request: HttpRequest) -> HttpResponse:
    agency, year = agency_of(request), year_of(request)
    if request.method == "POST":
        actor = manager_actor(request, agency)
        upload = request.FILES.get("file")
        try:
            with transaction.atomic():
                document = (
                    materials.store(
                        actor=actor,
                        agency=agency,
                        name=upload.name or "",
                        data=_read(upload),
                    )
                    if upload
                    else None
                )
                services.issue_rule(
                    actor=actor,
                    agency=agency,
                    file=document,
                    title=request.POST.get("title", ""),
                    number=request.POST.get("number", ""),
                    issued_on=date_of(request.POST.get("issued_on"), "印发日期"),
                    effective_from=date_of(request.POST.get("effective_from"), "施行日期"),
                    summary=request.POST.get("summary", ""),
                    governs=[g for g in request.POST.getlist("governs") if g in Governed.values],
                )
            messages.success(request, "已记录制度。")
            return back("oversight:rules", agency, year)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    every = Rule.objects.filter(agency=agency).order_by("title", "-version")
    return page(request, "rules.html", agency, year, rules=every, governed=Governed.choices)


def governed_counts(rule: Rule, year: int) -> list[tuple[str, int, str]]:
    """How many records of each governed kind the year has, with where to see them."""
    from gongkai_web.oversight import governed

    return governed.counts(rule, year)


@business_role_required
def rule(request: HttpRequest, rule_id: int) -> HttpResponse:
    found = get_object_or_404(Rule.objects.select_related("agency"), pk=rule_id)
    readable(request, found.agency)
    year = year_of(request)
    versions = Rule.objects.filter(agency=found.agency, title=found.title).order_by("-version")
    return page(
        request,
        "rule.html",
        found.agency,
        year,
        rule=found,
        versions=versions,
        counts=governed_counts(found, year),
    )


@business_role_required
def training(request: HttpRequest) -> HttpResponse:
    agency, year = agency_of(request), year_of(request)
    people = staff(agency)
    if request.method == "POST":
        if not permissions.can_record(request.user, agency):
            raise PermissionDenied("您无权为该机关登记培训")
        chosen = {str(pk) for pk in request.POST.getlist("attendees")}
        actor = actor_from_request(request, agency=agency)
        try:
            with transaction.atomic():
                stored = [
                    materials.store(actor=actor, agency=agency, name=f.name or "", data=_read(f))
                    for f in request.FILES.getlist("materials")
                ]
                session = services.record_training(
                    actor=actor,
                    agency=agency,
                    materials=stored,
                    held_on=date_of(request.POST.get("held_on"), "培训日期"),
                    topic=request.POST.get("topic", ""),
                    organiser_kind=request.POST.get("organiser_kind", ""),
                    organiser=request.POST.get("organiser", ""),
                    hours=request.POST.get("hours", ""),
                    place=request.POST.get("place", ""),
                    attendees=[u for u in people if str(u.pk) in chosen],
                )
            messages.success(request, f"已登记培训“{session.topic}”。")
            return back("oversight:training", agency, session.held_on.year)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    return page(
        request,
        "training.html",
        agency,
        year,
        sessions=selectors.sessions(agency, year),
        counts=selectors.training_counts(agency, year),
        trained=selectors.people_trained(agency, year),
        people=people,
        organisers=Organiser.choices,
    )


@business_role_required
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    found = get_object_or_404(TrainingSession.objects.select_related("agency"), pk=session_id)
    readable(request, found.agency)
    attendance = found.attendance.select_related("user").order_by("user__username")
    return page(
        request,
        "session.html",
        found.agency,
        found.held_on.year,
        session=found,
        attendance=attendance,
        materials=found.materials.all(),
    )


@business_role_required
def person(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(User.objects.select_related("profile__agency"), pk=user_id)
    agency = getattr(getattr(user, "profile", None), "agency", None)
    own = request.user.pk == user.pk
    if not own and (agency is None or not permissions.can_read(request.user, agency)):
        raise Http404
    year_raw = request.GET.get("year", "")
    year = int(year_raw) if year_raw.isdigit() else None
    record = selectors.training_record(user, year)
    return render(
        request,
        "oversight/person.html",
        {"record": record, "year": year, "agency": agency},
    )


@business_role_required
def facts(request: HttpRequest) -> HttpResponse:
    agency, year = agency_of(request), year_of(request)
    found = report_facts.oversight_facts(agency, year)
    draft = report_facts.draft(agency, year)
    return page(
        request,
        "facts.html",
        agency,
        year,
        facts=found,
        draft=draft,
        preview=report_facts.expand(draft, found),
        leader=report_facts.leader_name(agency, year),
        lead_units=[d for d in selectors.duties_on(agency, dt.date(year, 12, 31)) if d.lead],
    )


@business_role_required
def material(request: HttpRequest, file_id: int) -> HttpResponse:
    """A training material or rule document, for whoever may read its agency's records."""
    stored = get_object_or_404(StoredFile.objects.select_related("agency"), pk=file_id)
    linked = (
        TrainingSession.objects.filter(materials=stored).exists()
        or Rule.objects.filter(file=stored).exists()
    )
    if not linked or stored.agency is None:
        raise Http404
    readable(request, stored.agency)
    response = HttpResponse(read_file(stored), content_type=stored.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(stored.name)}"
    return response


def _read(upload: UploadedFile) -> bytes:
    try:
        return read_upload(upload, UploadKind.MATERIAL)
    except UploadTooLarge as exc:
        raise ValidationError(exc.message) from None
