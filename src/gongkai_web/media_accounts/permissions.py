"""Who may do what in the matrix, on top of organizations.permissions."""

from __future__ import annotations

from typing import Any

from gongkai_web.organizations.models import Agency, Role
from gongkai_web.organizations.permissions import can_edit, can_view, grants


def can_supervise(user: Any, agency: Agency) -> bool:
    """The 政务公开办 of the agency or of one above it: runs patrols, issues bulletins."""
    return any(
        grant.role == Role.SUPERVISOR and agency.path.startswith(grant.agency.path)
        for grant in grants(user)
    )


def can_see(user: Any, agency: Agency) -> bool:
    return can_view(user, agency)


def can_operate(user: Any, agency: Agency) -> bool:
    """Registers accounts, drafts posts, reports rectification for ``agency``."""
    return can_edit(user, agency) or can_supervise(user, agency)
