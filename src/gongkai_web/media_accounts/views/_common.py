"""Shared by the new-media pages: which agency or account is asked for, and small helpers."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from gongkai_web.media_accounts import permissions
from gongkai_web.media_accounts.models import (
    MediaAccount,
)
from gongkai_web.organizations.models import Agency, Role
from gongkai_web.organizations.permissions import visible_agencies


def _agency(request: HttpRequest) -> Agency:
    """The agency asked for (?agency=), else the shallowest one the user may read."""
    visible = visible_agencies(request.user).order_by("depth", "path")
    raw = request.GET.get("agency") or request.POST.get("agency")
    if raw:
        agency = get_object_or_404(Agency, pk=raw) if str(raw).isdigit() else None
        if agency is None or not permissions.can_see(request.user, agency):
            raise PermissionDenied("您无权查看该机关的政务新媒体")
        return agency
    first = visible.first()
    if first is None:
        raise PermissionDenied("您没有可查看的机关")
    return first


def _date(raw: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _role(request: HttpRequest, agency: Agency) -> str:
    return Role.SUPERVISOR if permissions.can_supervise(request.user, agency) else ""


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _account(request: HttpRequest, account_id: int) -> MediaAccount:
    account = get_object_or_404(
        MediaAccount.objects.select_related("agency", "supervisor"), pk=account_id
    )
    if not permissions.can_see(request.user, account.agency):
        raise PermissionDenied("您无权查看该账号")
    return account
