from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai_web.audit.services import actor_from_request
from gongkai_web.organizations import selectors, services
from gongkai_web.organizations.forms import AgencyCreateForm, AgencyOfficeForm
from gongkai_web.organizations.models import ADMIN_ROLES, Agency, Role
from gongkai_web.organizations.permissions import (
    can_manage_agency,
    can_see_directory_entry,
    has_role,
    role_required,
    roles_at,
)

DIRECTORY_ROLES = sorted(
    {Role.CLERK, Role.REVIEWER, Role.LEADER, Role.SUPERVISOR} | (ADMIN_ROLES - {Role.AUDITOR})
)


@role_required(*DIRECTORY_ROLES)
def agency_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.agency_tree(request.user)
    return render(
        request,
        "organizations/agency_list.html",
        {"rows": rows, "can_create": has_role(request.user, Role.SYSADMIN)},
    )


@role_required(*DIRECTORY_ROLES)
def agency_detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("parent"), pk=agency_id)
    if not can_see_directory_entry(request.user, agency):
        raise PermissionDenied("您无权查看该机关")
    children = [
        a for a in agency.children.order_by("path") if can_see_directory_entry(request.user, a)
    ]
    context = {
        "agency": agency,
        "children": children,
        "my_roles": [Role(r).label for r in sorted(roles_at(request.user, agency))],
        "can_manage": can_manage_agency(request.user, agency),
    }
    return render(request, "organizations/agency_detail.html", context)


@login_required
def agency_edit(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=agency_id)
    if not can_manage_agency(request.user, agency):
        raise PermissionDenied("只有本机关的政务公开办或系统管理员可以修改机关信息")
    form = AgencyOfficeForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        role = Role.SYSADMIN if has_role(request.user, Role.SYSADMIN) else Role.SUPERVISOR
        services.update_agency(
            actor=actor_from_request(request, role=role, agency=agency),
            agency=agency,
            **{name: form.cleaned_data[name] for name in form.Meta.fields},
        )
        messages.success(request, "机关信息已保存。")
        return redirect("organizations:agency_detail", agency_id=agency.pk)
    return render(request, "organizations/agency_edit.html", {"agency": agency, "form": form})


@role_required(Role.SYSADMIN)
def agency_create(request: HttpRequest) -> HttpResponse:
    form = AgencyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agency = services.create_agency(
                actor=actor_from_request(request, role=Role.SYSADMIN),
                name=data["name"],
                credit_code=data["credit_code"],
                level=data["level"],
                kind=data["kind"],
                parent=data["parent"],
                short_name=data["short_name"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"已新建机关“{agency.name}”。")
            return redirect("organizations:agency_detail", agency_id=agency.pk)
    return render(request, "organizations/agency_create.html", {"form": form})
