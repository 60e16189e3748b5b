from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from gongkai_web import clock
from gongkai_web.accounts import lockout
from gongkai_web.audit.services import client_address


class LockoutBackend(ModelBackend):
    """Django's model backend that refuses while an account or address is locked.

    Raising PermissionDenied stops every backend, whatever the password, and makes Django send
    user_login_failed; the admin's login form is covered as well as ours.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        address = client_address(request) if request is not None else ""
        if username and lockout.locked_for(username=username, address=address, now=clock.now()):
            raise PermissionDenied("locked")
        return super().authenticate(request, username=username, password=password, **kwargs)
