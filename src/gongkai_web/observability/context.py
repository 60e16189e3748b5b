"""What the current request (or background task) is, for log lines and error pages.

Held in context variables so that a log record written anywhere below a view, or inside a
task, can say which request or task it belongs to without the request being passed down.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest
from django.utils.functional import empty

current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")
current_task: ContextVar[str] = ContextVar("current_task", default="")

# What nginx's $request_id looks like (32 hex digits), a UUID, or any other short token made of
# harmless characters; anything else is replaced, so a client cannot put text into the logs.
_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
HEADER = "X-Request-ID"


def request_id_for(request: HttpRequest) -> str:
    """The id nginx sent in X-Request-ID when it is acceptable, otherwise a new one."""
    offered = str(request.META.get("HTTP_X_REQUEST_ID", "")).strip()
    if _ACCEPTABLE_ID.match(offered):
        return offered
    return uuid.uuid4().hex


def request_id_of(request: HttpRequest | None) -> str:
    if request is not None:
        found = getattr(request, "request_id", "")
        if found:
            return str(found)
    return current_request_id.get()


def known_user_id(request: HttpRequest | None) -> int | None:
    """The signed-in user's id if the request has already looked the user up; never looks it
    up itself (that reads the session from the database, which may be the thing that is down)."""
    if request is None:
        return None
    user: Any = request.__dict__.get("user")
    if user is None:
        return None
    wrapped = object.__getattribute__(user, "__dict__").get("_wrapped", user)
    if wrapped is empty:
        return None
    if not getattr(wrapped, "is_authenticated", False):
        return None
    pk = getattr(wrapped, "pk", None)
    return int(pk) if isinstance(pk, int) else None
