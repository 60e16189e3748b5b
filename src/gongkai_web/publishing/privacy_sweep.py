"""The sweep of what is already public for personal data (issue 18): run on demand by an
agency's staff (any business role; it only reads) or by the 政务公开办 over the agencies below.
It reads every published 主动公开 entry's fields and its attachments' text layers through the
same scan as the review gate, and lists each find masked, with the entry to withdraw or correct."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.privacy import scan
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import BUSINESS_ROLES, Agency, Role
from gongkai_web.organizations.permissions import business_role_required, grants
from gongkai_web.publishing import selectors
from gongkai_web.publishing.models import Attachment, Entry

# A sweep reads at most this many entries at once (newest first); the page says when it stops.
LIMIT = 5000


@dataclass(frozen=True)
class Find:
    entry: Entry
    where: str
    message: str


def sweepable(user: Any) -> list[Agency]:
    """The agencies whose public entries ``user`` may sweep: where they hold a business role,
    and, for the 政务公开办, every agency below."""
    seen: dict[int, Agency] = {}
    for grant in grants(user):
        if grant.role not in BUSINESS_ROLES:
            continue
        if grant.role == Role.SUPERVISOR:
            for agency in Agency.objects.filter(path__startswith=grant.agency.path):
                seen.setdefault(agency.pk, agency)
        else:
            seen.setdefault(grant.agency_id, grant.agency)
    return sorted(seen.values(), key=lambda a: a.path)


def sweep(agencies: list[Agency]) -> tuple[list[Find], int, bool]:
    """(finds, entries read, whether the limit stopped it)."""
    entries = list(
        selectors.public()
        .filter(agency__in=agencies)
        .select_related("agency")
        .order_by("-published_on", "-pk")[: LIMIT + 1]
    )
    stopped = len(entries) > LIMIT
    entries = entries[:LIMIT]
    texts: dict[int, list[tuple[str, str]]] = {e.pk: [] for e in entries}
    for attachment in Attachment.objects.filter(entry__in=entries).select_related("file"):
        if attachment.text:
            texts[attachment.entry_id].append((f"附件“{attachment.file.name}”", attachment.text))
    finds = []
    for entry in entries:
        fields = [("名称", entry.title), ("内容概述", entry.summary), ("正文", entry.body)]
        for where, text in fields + texts[entry.pk]:
            finds += [Find(entry, where, hit.message) for hit in scan(text)]
    return finds, len(entries), stopped


@business_role_required
def privacy_sweep(request: HttpRequest) -> HttpResponse:
    choices = sweepable(request.user)
    if not choices:
        raise PermissionDenied("个人信息排查须由本机关的工作人员或上级政务公开办进行")
    wanted = request.GET.get("agency", "")
    chosen = next((a for a in choices if str(a.pk) == wanted), choices[0])
    below = [a for a in choices if a.path.startswith(chosen.path)]
    context: dict[str, Any] = {"choices": choices, "chosen": chosen, "ran": False}
    if request.GET.get("run"):
        finds, read, stopped = sweep(below)
        context |= {"ran": True, "finds": finds, "read": read, "stopped": stopped}
        with transaction.atomic():
            audit.record(
                actor=audit.actor_from_request(request, agency=chosen),
                action="catalogue.privacy_swept", agency=chosen,
                changes={"agencies": len(below), "entries": read, "finds": len(finds)},
            )  # fmt: skip
        if not finds:
            messages.success(request, f"已排查 {read} 条公开信息，未发现个人信息。")
    return render(request, "publishing/office/privacy_sweep.html", context)
