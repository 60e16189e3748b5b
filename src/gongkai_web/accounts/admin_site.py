from __future__ import annotations

from django.contrib.admin import AdminSite
from django.http import HttpRequest

from gongkai_web.organizations.models import Role
from gongkai_web.organizations.permissions import has_role


class SysadminAdminSite(AdminSite):
    """Django's admin for the system administrator only (not the auditor, not the security
    administrator, not business staff). The audit log and role grants are not registered
    here: they are read and changed only through their own pages, by their own roles."""

    site_header = "gongkai 系统管理"
    site_title = "gongkai 系统管理"
    index_title = "系统管理员"

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and has_role(request.user, Role.SYSADMIN))
