"""Two actions on a case that are not moves of its table: the applicant's contact details for
those who handle it, and 催办 from the 督办 list.

The applicant's contact details on the case page, for those who handle the case.

They are kept encrypted (SM4) and shown only on request: the request is a POST, written to the
audit log with who asked, so that looking up an applicant's telephone or address is traceable.
A supervisor above the agency oversees the case but does not contact the applicant."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai_web.audit import services as audit
from gongkai_web.cases import services, timekeeping
from gongkai_web.cases.views import _handles, _visible
from gongkai_web.organizations.permissions import business_role_required, can_edit


@require_POST
@business_role_required
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible(request, pk)
    if not (can_edit(request.user, application.agency) or _handles(request, application)):
        raise PermissionDenied(
            "申请人的联系方式只向受理机关和承办单位的工作人员显示；上级政务公开办督办时请联系承办人"
        )
    with transaction.atomic():
        audit.record(
            actor=audit.actor_from_request(request, agency=application.agency),
            action="case.contact_viewed", obj=application, agency=application.agency,
            changes={"fields": ["phone", "address", "postcode", "email"]},
        )  # fmt: skip
    return render(request, "cases/contact.html", {"a": application})


@require_POST
@business_role_required
def urge(request: HttpRequest, pk: int) -> HttpResponse:
    """催办 from the 督办 list: recorded on the case, the handlers e-mailed."""
    application = _visible(request, pk)
    try:
        mailed = services.urge(
            actor=audit.actor_from_request(request, agency=application.agency),
            application=application, note=request.POST.get("note", ""),
            on=timekeeping.today(),
        )  # fmt: skip
    except services.NotPermitted as refused:
        raise PermissionDenied(str(refused)) from None
    except services.CaseError as refused:
        messages.error(request, f"{application.tracking_number}：{refused}")
    else:
        told = f"已邮件通知 {mailed} 人" if mailed else "承办人未登记电子邮箱，请电话告知"
        messages.success(request, f"已催办 {application.tracking_number}（{told}）。")
    return redirect("cases:supervision")
