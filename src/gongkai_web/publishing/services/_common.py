"""Who may change the agency's catalogue settings: its 索引号 template and 目录分类 tree."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.permissions import can_edit


def may_edit_settings(user: Any, agency: Agency) -> bool:
    # The rule of the guide page, the other agency-wide publishing setting: the agency's own
    # publishing staff, i.e. any business role granted at that very agency. A supervisor above
    # it reads but does not edit; the three administrators see no business records.
    return can_edit(user, agency)


def require_settings_editor(actor: audit.Actor, agency: Agency) -> None:
    # Loaders and commands act as audit.SYSTEM; every request carries its logged-in user.
    if actor.user is None and actor.role == audit.SYSTEM.role:
        return
    if actor.user is None or not may_edit_settings(actor.user, agency):
        raise PermissionDenied(f"只有{agency.name}的主动公开工作人员可以修改目录设置")
