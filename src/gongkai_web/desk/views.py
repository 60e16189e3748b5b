"""The 待办 page (where staff land after logging in) and the count the menu shows."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai_web import clock
from gongkai_web.desk import selectors
from gongkai_web.operations.calendar_years import current_calendar
from gongkai_web.organizations.models import BUSINESS_ROLES
from gongkai_web.organizations.permissions import has_role


@login_required
def index(request: HttpRequest) -> HttpResponse:
    # The administrators (三员) hold no business records: their work starts on the home page.
    if not has_role(request.user, *BUSINESS_ROLES):
        return redirect("ui:home")
    found = selectors.desk(request.user, current_calendar(), clock.today())
    return render(request, "desk/index.html", {"desk": found})


@login_required
def count(request: HttpRequest) -> HttpResponse:
    """The menu's badge, fetched after the page loads so that no page pays for it."""
    total = 0
    if has_role(request.user, *BUSINESS_ROLES):
        total = len(selectors.desk(request.user, current_calendar(), clock.today()).mine)
    return render(request, "desk/_count.html", {"total": total})
