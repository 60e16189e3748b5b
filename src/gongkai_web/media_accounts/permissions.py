"""Who may do what in the matrix, on top of organizations.permissions."""

from __future__ import annotations

from typing import Any

from gongkai.media.review import Stage
from gongkai_web.organizations.models import BUSINESS_ROLES, Agency, Role
from gongkai_web.organizations.permissions import can_edit, can_view, grants, roles_at

# 初审 by the editor, 复审 by the section head, 终审 by the leader in charge (regulation.md §7);
# proofreading by any of the agency's business staff.
STAGE_ROLES: dict[Stage, frozenset[str]] = {
    Stage.FIRST_REVIEW: frozenset({Role.CLERK}),
    Stage.SECOND_REVIEW: frozenset({Role.REVIEWER}),
    Stage.FINAL_REVIEW: frozenset({Role.LEADER}),
    Stage.PROOF_1: BUSINESS_ROLES,
    Stage.PROOF_2: BUSINESS_ROLES,
    Stage.PROOF_3: BUSINESS_ROLES,
}


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


def can_sign(user: Any, agency: Agency, stage: Stage) -> bool:
    return bool(roles_at(user, agency) & STAGE_ROLES[stage])


def signing_role(user: Any, agency: Agency, stage: Stage) -> str:
    held = sorted(roles_at(user, agency) & STAGE_ROLES[stage])
    return held[0] if held else ""
