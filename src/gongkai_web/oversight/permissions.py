"""Who may read and change 监督保障 records, on top of organizations.permissions.

Reading follows the records' agency (its staff, and the 政务公开办 above it). Recording a
training session is anyone's job at the agency; the group, the rules, the scoring standard,
adjustments and commendations belong to its leader in charge and the 政务公开办.
"""

from __future__ import annotations

from typing import Any

from gongkai_web.organizations.models import Agency, Role
from gongkai_web.organizations.permissions import can_edit, can_view, grants


def can_read(user: Any, agency: Agency) -> bool:
    return can_view(user, agency)


def can_record(user: Any, agency: Agency) -> bool:
    return can_edit(user, agency) or can_manage(user, agency)


def can_manage(user: Any, agency: Agency) -> bool:
    for grant in grants(user):
        if grant.role == Role.LEADER and grant.agency_id == agency.pk:
            return True
        if grant.role == Role.SUPERVISOR and agency.path.startswith(grant.agency.path):
            return True
    return False
