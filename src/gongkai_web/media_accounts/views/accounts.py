"""The matrix and the accounts: registration, changes, closing, and imports of posts."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.media import imports
from gongkai_web import clock
from gongkai_web.audit.services import actor_from_request
from gongkai_web.media_accounts import forms, permissions, selectors, services
from gongkai_web.media_accounts.models import (
    MediaAccount,
    Post,
    PostSource,
    PostStatus,
)
from gongkai_web.media_accounts.views._common import (
    _account,
    _agency,
    _date,
    _errors,
)
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.permissions import business_role_required, visible_agencies


@business_role_required
def matrix(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    on = _date(request.GET.get("on"), clock.today())
    data = selectors.matrix(agency, on, include_closed=request.GET.get("closed") == "1")
    context = {
        "agency": agency,
        "on": on,
        "matrix": data,
        "agencies": visible_agencies(request.user).order_by("path"),
        "can_operate": permissions.can_operate(request.user, agency),
        "can_supervise": permissions.can_supervise(request.user, agency),
        "thresholds": selectors.thresholds(),
    }
    return render(request, "media_accounts/matrix.html", context)


@business_role_required
def account_new(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    if not permissions.can_operate(request.user, agency):
        raise PermissionDenied(f"您无权为{agency.name}登记账号")
    # 主管单位: the agency itself or one above it.
    supervisors = Agency.objects.filter(path__in=agency.ancestor_paths())
    form = forms.AccountForm(request.POST or None, supervisors=supervisors)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            account, warnings = services.register_account(
                actor=actor_from_request(request, agency=agency),
                agency=agency,
                platform=data.pop("platform"),
                name=data.pop("name"),
                opened_on=data.pop("opened_on"),
                filing_no=data.pop("filing_no"),
                **data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, f"账号“{account.name}”已登记。")
            return redirect("media_accounts:account", account_id=account.pk)
    return render(request, "media_accounts/account_new.html", {"agency": agency, "form": form})


@business_role_required
def account_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    posts = Post.objects.filter(account=account).order_by("-published_at", "-pk")
    context = {
        "account": account,
        "filings": account.filings.all(),
        "posts": posts[:50],
        "post_count": posts.count(),
        "flagged": posts.filter(status=PostStatus.PUBLISHED, review_complete=False).count(),
        "can_operate": permissions.can_operate(request.user, account.agency),
        "filing_form": forms.FilingForm(initial={"on": clock.today()}),
        "import_form": forms.ImportForm(),
    }
    return render(request, "media_accounts/account_detail.html", context)


@business_role_required
def account_change(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    if not permissions.can_operate(request.user, account.agency):
        raise PermissionDenied("您无权变更该账号")
    form = forms.ChangeForm(request.POST or None, instance=account, initial={"on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        fields = {name: data[name] for name in forms.ChangeForm.Meta.fields}
        try:
            services.change_account(
                actor=actor_from_request(request, agency=account.agency),
                account=MediaAccount.objects.get(pk=account.pk),
                on=data["on"],
                filing_no=data["change_filing_no"],
                note=data["note"],
                **fields,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "变更已登记。")
            return redirect("media_accounts:account", account_id=account.pk)
    return render(request, "media_accounts/account_change.html", {"account": account, "form": form})


@require_POST
@business_role_required
def account_close(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    form = forms.FilingForm(request.POST)
    if form.is_valid():
        try:
            services.close_account(
                actor=actor_from_request(request, agency=account.agency),
                account=account,
                **form.cleaned_data,
            )
            messages.success(request, "账号已注销。")
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
    else:
        messages.error(request, "请填写注销日期")
    return redirect("media_accounts:account", account_id=account.pk)


@business_role_required
def account_import(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    if not permissions.can_operate(request.user, account.agency):
        raise PermissionDenied("您无权为该账号导入信息")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        readers = {
            ".csv": (imports.read_csv, PostSource.CSV),
            ".xlsx": (imports.read_xlsx, PostSource.XLSX),
            ".xml": (imports.read_rss, PostSource.RSS),
            ".rss": (imports.read_rss, PostSource.RSS),
        }
        if suffix not in readers:
            errors = [f"不支持“{suffix or '无扩展名'}”文件，请上传 CSV、XLSX 或 RSS（.xml）"]
        else:
            read, source = readers[suffix]
            try:
                # ImportForm's field checked the size before this read.
                rows = read(upload.read(), timezone.get_current_timezone())
                created = services.import_posts(
                    actor=actor_from_request(request, agency=account.agency),
                    account=account,
                    posts=rows,
                    source=source,
                )
            except imports.ImportRejected as exc:
                errors = [str(e) for e in exc.errors]
            else:
                messages.success(
                    request, f"已导入 {len(created)} 条信息（未经本系统三审三校，已标记）。"
                )
                return redirect("media_accounts:account", account_id=account.pk)
    return render(
        request,
        "media_accounts/account_import.html",
        {"account": account, "form": form, "errors": errors},
    )
