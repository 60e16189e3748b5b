"""Who may see and change what, by role grants. Views and services both ask here.

A business role (clerk, reviewer, leader, supervisor) applies to the agency it was granted
at; the supervisor (政务公开办) also reads every agency below. The three administrators see
no business records: the system and security administrators see the agency directory to
manage accounts and roles, the auditor sees only the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from gongkai_web.organizations.models import (
    ADMIN_ROLES,
    BUSINESS_ROLES,
    Agency,
    Role,
    RoleGrant,
)

_CACHE = "_gongkai_role_grants"


def grants(user: Any) -> list[RoleGrant]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = list(RoleGrant.objects.filter(user=user).select_related("agency"))
        setattr(user, _CACHE, cached)
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def has_role(user: Any, *roles: str) -> bool:
    return any(grant.role in roles for grant in grants(user))


def is_operator(user: Any) -> bool:
    """Holds one of the three administrator roles (三员). Read from the database, not the
    per-request cache, because it guards writes to the account itself."""
    return RoleGrant.objects.filter(user_id=user.pk, role__in=sorted(ADMIN_ROLES)).exists()


def roles_at(user: Any, agency: Agency) -> set[str]:
    return {grant.role for grant in grants(user) if grant.agency_id == agency.pk}


def can_view(user: Any, agency: Agency) -> bool:
    """May read the records of ``agency`` (applications, catalogue entries, reports …)."""
    for grant in grants(user):
        if grant.role not in BUSINESS_ROLES:
            continue
        if grant.agency_id == agency.pk:
            return True
        if grant.role == Role.SUPERVISOR and agency.path.startswith(grant.agency.path):
            return True
    return False


def can_edit(user: Any, agency: Agency) -> bool:
    """May change the records of ``agency``: business roles at that very agency only."""
    return any(
        grant.role in BUSINESS_ROLES and grant.agency_id == agency.pk for grant in grants(user)
    )


def can_manage_agency(user: Any, agency: Agency) -> bool:
    """May edit the agency's own details (names, disclosure working body)."""
    return any(
        grant.role == Role.SYSADMIN
        or (grant.role == Role.SUPERVISOR and grant.agency_id == agency.pk)
        for grant in grants(user)
    )


def visible_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies whose records ``user`` may read."""
    condition = Q(pk__in=[])
    for grant in grants(user):
        if grant.role == Role.SUPERVISOR:
            condition |= Q(path__startswith=grant.agency.path)
        elif grant.role in BUSINESS_ROLES:
            condition |= Q(pk=grant.agency_id)
    return Agency.objects.filter(condition)


def directory_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies listed on the agency pages."""
    if has_role(user, Role.SYSADMIN, Role.SECADMIN):
        return Agency.objects.all()
    return visible_agencies(user)


def can_see_directory_entry(user: Any, agency: Agency) -> bool:
    return has_role(user, Role.SYSADMIN, Role.SECADMIN) or can_view(user, agency)


View = Callable[..., HttpResponse]


def role_required(*roles: str) -> Callable[[View], View]:
    """Login first (302 to the login page), then 403 unless the user holds one of ``roles``."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_role(request.user, *roles):
                raise PermissionDenied("您的角色无权访问此页面")
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorate


def business_role_required(view: View) -> View:
    return role_required(*BUSINESS_ROLES)(view)
