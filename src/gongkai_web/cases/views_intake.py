"""What the case page shows of intake: the published information found when the application
was filed (with the Art. 36(1) reply prepared for the clerk to choose), its 12345 ticket, and
its hand-off to 信访, 投诉/举报 or 12345; and the import of 12345 工单."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.cases.hotline import COLUMNS, REQUIRED
from gongkai.cases.outcomes import Disposition
from gongkai.cases.routing import Route
from gongkai.publishing.registers import RowError
from gongkai_web.audit.services import actor_from_request
from gongkai_web.cases import hotline_import as hotline_import_service
from gongkai_web.cases import published, timekeeping
from gongkai_web.cases.models import Application, Handoff, HotlineTicket, PublishedMatch
from gongkai_web.cases.services import CaseError
from gongkai_web.operations.uploads import UploadKind, UploadTooLarge, read_upload
from gongkai_web.organizations.models import Role
from gongkai_web.organizations.permissions import (
    business_role_required,
    can_edit,
    has_role,
    visible_agencies,
)


def intake_context(application: Application, matches: list[PublishedMatch]) -> dict[str, Any]:
    # Prepared, not chosen: the clerk still picks the outcome and the reply goes through review
    # and signature; only a case with no outcome drafted yet is offered it.
    prepared = (
        {
            "disposition": Disposition.ALREADY_PUBLIC.value,
            "label": Disposition.ALREADY_PUBLIC.label,
            "provision_note": published.prepared_note(matches),
        }
        if matches and not application.disposition
        else {"disposition": "", "label": "", "provision_note": ""}
    )
    return {
        "published_matches": matches,
        "prepared": prepared,
        "handoff": Handoff.objects.filter(application=application).first(),
        "hotline": HotlineTicket.objects.filter(application=application).first(),
        "routes": [(r.value, r.label) for r in Route],
    }


@business_role_required
def hotline_import(request: HttpRequest) -> HttpResponse:
    agencies = [a for a in visible_agencies(request.user) if can_edit(request.user, a)]
    errors: list[RowError] = []
    message = ""
    if request.method == "POST":
        agency = next((a for a in agencies if str(a.pk) == request.POST.get("agency")), None)
        upload = request.FILES.get("file")
        if agency is None or upload is None:
            message = "请选择机关和12345工单文件"
        elif not has_role(request.user, Role.CLERK):
            raise PermissionDenied("导入12345工单须由登记员办理")
        else:
            try:
                filed = hotline_import_service.import_tickets(
                    actor=actor_from_request(request, role=Role.CLERK, agency=agency),
                    agency=agency,
                    name=upload.name or "",
                    data=read_upload(upload, UploadKind.TABLE),
                    today=timekeeping.today(),
                    calendar=timekeeping.calendar(),
                )
            except UploadTooLarge as exc:
                message = exc.message
            except hotline_import_service.HotlineImportError as error:
                errors, message = error.errors, error.message
            except CaseError as error:
                message = error.message
            else:
                messages.success(request, f"已导入 {len(filed)} 件来自12345的申请")
                return redirect("cases:index")
    return render(
        request,
        "cases/hotline_import.html",
        {"agencies": agencies, "errors": errors, "message": message, "columns": COLUMNS,
         "required": REQUIRED},
    )  # fmt: skip
