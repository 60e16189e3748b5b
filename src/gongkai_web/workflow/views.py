"""One endpoint for every move a page offers: it reads the form, calls services.apply, says
what happened (or, in Chinese, why not and who may act) and goes back to the record's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from gongkai.workflow.lifecycle import Refused
from gongkai_web.audit import services as audit
from gongkai_web.workflow import services
from gongkai_web.workflow.kinds import Inputs, Kind, registered


def _kind(name: str) -> Kind:
    kind = registered().get(name)
    if kind is None:
        raise Http404("没有这类记录")
    return kind


def _inputs(request: HttpRequest, kind: Kind, action: Any, record: Any) -> Inputs:
    move = kind.lifecycle.find(kind.state(record), action)
    data: dict[str, Any] = {}
    for spec in kind.fields(move):
        data[spec.name] = request.POST.get(spec.name, "").strip()
    if "words" in request.POST:
        data["words"] = request.POST.getlist("words")
    for name in ("slot", "designee"):
        if name in request.POST:
            data[name] = request.POST.get(name, "")
    return Inputs(note=request.POST.get("note", "").strip(), data=data)


@require_POST
@login_required
def move(request: HttpRequest, kind_name: str, pk: int) -> HttpResponse:
    kind = _kind(kind_name)
    try:
        record = kind.get(pk)
    except ObjectDoesNotExist:
        raise Http404("没有这条记录") from None
    if not kind.may_view(request.user, record):
        raise PermissionDenied(f"您无权办理{kind.agency(record).name}的{kind.lifecycle.label}")
    try:
        action = kind.lifecycle.actions(request.POST.get("action", ""))
    except ValueError:
        messages.error(request, "请从页面上选择要办理的操作")
        return redirect(kind.url(record))
    expected_raw = request.POST.get("expected", "")
    expected = int(expected_raw) if expected_raw.isdigit() else None
    actor = audit.actor_from_request(request, agency=kind.agency(record))
    try:
        inputs = _inputs(request, kind, action, record)
        made = services.apply(kind, record, action, actor=actor, inputs=inputs, expected=expected)
    except Refused as refused:
        messages.error(request, refused.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        state = made.outcome.after
        messages.success(
            request, f"已{action.label}：{kind.title(made.record)}现为“{state.label}”。"
        )
    return redirect(kind.url(record))
