"""Who may see and act on a report: the organizations app's role grants, applied to reports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from gongkai_web.annual_reports.models import AnnualReport, ReportStatus
from gongkai_web.audit.services import Actor, actor_from_request
from gongkai_web.organizations.models import Agency, Role
from gongkai_web.organizations.permissions import can_view, grants, roles_at


def may_read(user: Any, stored: AnnualReport) -> bool:
    if stored.status == ReportStatus.PUBLISHED:
        return True
    return stored.agency is not None and can_view(user, stored.agency)


def require_read(request: HttpRequest, stored: AnnualReport) -> None:
    if not may_read(request.user, stored):
        # A draft is not public: to anyone who may not read it, it does not exist.
        raise Http404("没有这份年度报告。")


def is_own(user: Any, stored: AnnualReport) -> bool:
    return stored.agency is not None and bool(roles_at(user, stored.agency))


def supervises(user: Any, agency: Agency | None) -> bool:
    return agency is not None and any(
        g.role == Role.SUPERVISOR and agency.path.startswith(g.agency.path) for g in grants(user)
    )


def supervisor_agencies(user: Any) -> list[Agency]:
    return [g.agency for g in grants(user) if g.role == Role.SUPERVISOR]


def require_supervisor(user: Any) -> list[Agency]:
    found = supervisor_agencies(user)
    if not found:
        raise PermissionDenied("只有政务公开办（监督者）可以访问此页面")
    return found


def actor(request: HttpRequest, stored: AnnualReport | None = None) -> Actor:
    """The actor in the role the user holds at the report's agency (the first that fits)."""
    agency = stored.agency if stored is not None else None
    held = sorted(roles_at(request.user, agency)) if agency is not None else []
    role = held[0] if held else ("supervisor" if supervises(request.user, agency) else "")
    return actor_from_request(request, role=role, agency=agency)


def clerk_agencies(user: Any) -> list[Agency]:
    return [g.agency for g in grants(user) if g.role == Role.CLERK]
