"""The system administrator's pages for the working-day calendar: the years it knows, entering
a year from the State Council's notice (paste → preview → confirm), replacing and deleting."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.workdays import CalendarDataError, UnknownYearError, YearSchedule, shipped_years
from gongkai_web import clock
from gongkai_web.audit.services import Actor, actor_from_request
from gongkai_web.operations import calendar_years, services
from gongkai_web.operations.forms import CalendarEntryForm
from gongkai_web.operations.models import CalendarYear, EntryMethod
from gongkai_web.organizations.models import Role
from gongkai_web.organizations.permissions import role_required


def today() -> dt.date:
    return clock.today()


def _actor(request: HttpRequest) -> Actor:
    return actor_from_request(request, role=Role.SYSADMIN)


@role_required(Role.SYSADMIN)
def index(request: HttpRequest) -> HttpResponse:
    calendar = calendar_years.current_calendar()
    return render(
        request,
        "operations/calendar_index.html",
        {
            "rows": calendar_years.year_rows(calendar),
            "missing": calendar_years.missing_years(calendar, today()),
            "today": today(),
        },
    )


@role_required(Role.SYSADMIN)
def enter(request: HttpRequest) -> HttpResponse:
    calendar = calendar_years.current_calendar()
    missing = calendar_years.missing_years(calendar, today())
    initial: dict[str, Any] = {
        "year": request.GET.get("year") or (missing[-1] if missing else None)
    }
    return render(
        request, "operations/calendar_enter.html", {"form": CalendarEntryForm(initial=initial)}
    )


@role_required(Role.SYSADMIN)
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """The schedule read from the pasted text, and a form to confirm it; nothing is saved."""
    form = CalendarEntryForm(request.POST)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        try:
            entry = calendar_years.read_entry(
                method=data["method"], year=data["year"], text=data["text"], source=data["source"]
            )
        except CalendarDataError as exc:
            form.add_error(None, exc.message)
        else:
            context |= _preview_context(entry, data)
    partial = bool(getattr(request, "htmx", False))
    context["partial"] = partial
    template = "operations/_calendar_preview.html" if partial else "operations/calendar_enter.html"
    return render(request, template, context)


def _preview_context(entry: calendar_years.Entry, data: dict[str, Any]) -> dict[str, Any]:
    schedule = entry.schedule
    calendar = calendar_years.current_calendar()
    in_use = calendar.schedule(schedule.year) if calendar.knows(schedule.year) else None
    return {
        "entry": entry,
        "schedule": schedule,
        "festivals": calendar_years.festivals(schedule),
        "months": calendar_years.month_grid(schedule),
        "changes": calendar_years.changes(in_use, schedule),
        "replaces": in_use,
        "replaces_entered": CalendarYear.objects.filter(year=schedule.year).first(),
        "confirm": {
            "method": data["method"],
            "year": schedule.year,
            "source": data["source"],
            "text": data["text"],
        },
    }


@role_required(Role.SYSADMIN)
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    form = CalendarEntryForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            row = services.enter_year(
                actor=_actor(request),
                method=data["method"],
                year=data["year"],
                text=data["text"],
                source=data["source"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            schedule = row.as_schedule()
            messages.success(
                request,
                f"已录入 {row.year} 年的节假日安排：放假 {len(schedule.holidays)} 天，"
                f"调休上班 {len(schedule.makeup_workdays)} 天。",
            )
            return redirect("operations:calendar")
    return render(request, "operations/calendar_enter.html", {"form": form})


def _known(year: int) -> YearSchedule:
    try:
        return calendar_years.current_calendar().schedule(year)
    except UnknownYearError:
        raise Http404(f"日历中没有 {year} 年") from None


@role_required(Role.SYSADMIN)
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    schedule = _known(year)
    return render(
        request,
        "operations/calendar_year.html",
        {
            "schedule": schedule,
            "festivals": calendar_years.festivals(schedule),
            "months": calendar_years.month_grid(schedule),
            "entered": CalendarYear.objects.select_related("entered_by").filter(year=year).first(),
            "shipped": year in shipped_years(),
        },
    )


@role_required(Role.SYSADMIN)
def year_json(request: HttpRequest, year: int) -> HttpResponse:
    """The year in the data-file format, to edit and paste back (e.g. a day of another year)."""
    body = json.dumps(_known(year).to_dict(), ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{year}.json"'
    return response


@role_required(Role.SYSADMIN)
def delete(request: HttpRequest, year: int) -> HttpResponse:
    row = CalendarYear.objects.filter(year=year).first()
    if row is None:
        raise Http404(f"没有录入过 {year} 年的安排")
    if request.method == "POST":
        try:
            services.delete_year(actor=_actor(request), year=year)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            fallback = "恢复使用软件自带的安排" if year in shipped_years() else "日历中不再有这一年"
            messages.success(request, f"已删除录入的 {year} 年节假日安排，{fallback}。")
        return redirect("operations:calendar")
    return render(
        request,
        "operations/calendar_delete.html",
        {"row": row, "shipped": year in shipped_years(), "method": EntryMethod(row.method).label},
    )
