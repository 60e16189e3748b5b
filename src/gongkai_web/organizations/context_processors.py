from __future__ import annotations

from django.http import HttpRequest

from gongkai_web.organizations.permissions import grants


def roles(request: HttpRequest) -> dict[str, object]:
    """The roles the signed-in user holds anywhere, for navigation by role."""
    held = {grant.role for grant in grants(getattr(request, "user", None))}
    return {"my_role_set": held}
