from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai.passwords import new_totp_secret, provisioning_uri
from gongkai_web import clock
from gongkai_web.accounts import lockout, services
from gongkai_web.accounts.forms import (
    AccountCreateForm,
    LoginForm,
    ResetPasswordForm,
    RoleGrantForm,
    TotpCodeForm,
)
from gongkai_web.accounts.models import Profile
from gongkai_web.audit.services import actor_from_request, client_address
from gongkai_web.organizations import services as org_services
from gongkai_web.organizations.models import BUSINESS_ROLES, Role, RoleGrant
from gongkai_web.organizations.permissions import is_operator, role_required

PENDING_USER = "gongkai_2fa_user"
PENDING_BACKEND = "gongkai_2fa_backend"
PENDING_NEXT = "gongkai_2fa_next"
ENROL_SECRET = "gongkai_totp_enrol_secret"


def _safe_next(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return str(settings.LOGIN_REDIRECT_URL)  # staff land on their 待办


def _login_and_announce(request: HttpRequest, user: User, backend: str | None = None) -> None:
    previous = user.last_login  # login() moves it to now
    login(request, user, backend=backend)
    for text in services.breakglass_notices(user=user, since=previous):
        messages.warning(request, text)


def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next", "")
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if Profile.objects.filter(user=user, totp_enabled=True).exists():
            request.session[PENDING_USER] = user.pk
            # authenticate() notes on the user which backend accepted it (django.contrib.auth).
            request.session[PENDING_BACKEND] = getattr(user, "backend", "")
            request.session[PENDING_NEXT] = next_url
            return redirect("totp_verify")
        _login_and_announce(request, user)
        return redirect(_safe_next(request, next_url))
    return render(request, "registration/login.html", {"form": form, "next": next_url})


def totp_verify(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_USER)
    if pending is None:
        return redirect("login")
    user = get_object_or_404(User, pk=pending, is_active=True)
    form = TotpCodeForm(request.POST or None)
    address = client_address(request)
    locked = lockout.locked_for(username=user.username, address=address, now=clock.now())
    if locked is not None:
        request.session.pop(PENDING_USER, None)
        messages.error(request, lockout.lock_message(*locked))
        return redirect("login")
    if request.method == "POST" and form.is_valid():
        if services.check_second_factor(
            user=user, code=form.cleaned_data["code"], unix_time=clock.wall_time()
        ):
            backend = request.session.pop(PENDING_BACKEND)
            next_url = request.session.pop(PENDING_NEXT, "")
            request.session.pop(PENDING_USER, None)
            _login_and_announce(request, user, backend=backend)
            return redirect(_safe_next(request, next_url))
        lockout.note_failure(username=user.username, address=address, now=clock.now())
        form.add_error("code", "动态口令不正确或已使用过，请输入身份验证器上当前显示的 6 位数字")
    return render(request, "accounts/totp_verify.html", {"form": form})


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, User)
        services.change_password(
            actor=actor_from_request(request),
            user=user,
            new_password=form.cleaned_data["new_password1"],
        )
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改。")
        return redirect("/")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def totp_enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    profile = Profile.objects.get(user=user)
    if request.method == "GET" or ENROL_SECRET not in request.session:
        request.session[ENROL_SECRET] = new_totp_secret()
    secret = request.session[ENROL_SECRET]
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.enable_totp(
            actor=actor_from_request(request),
            user=user,
            secret=secret,
            code=form.cleaned_data["code"],
            unix_time=clock.wall_time(),
        ):
            request.session.pop(ENROL_SECRET, None)
            messages.success(request, "动态口令已启用，今后登录时需输入身份验证器上的 6 位数字。")
            return redirect("totp_enrol")
        form.add_error("code", "动态口令不正确，请核对手机时间后输入当前显示的 6 位数字")
    uri = provisioning_uri(secret, account=user.username, issuer="gongkai")
    context = {
        "form": form,
        "profile": profile,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "uri": uri,
        # Inline SVG drawn on the server: no script, no external image service.
        "qr_svg": mark_safe(segno.make(uri, micro=False).svg_inline(scale=4, border=2)),
    }
    return render(request, "accounts/totp_enrol.html", context)


@login_required
@require_POST
def totp_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    # A session left open must not be enough to remove the second factor.
    if not user.check_password(request.POST.get("password", "")):
        messages.error(request, "登录密码不正确，动态口令未停用；请输入本账号的登录密码")
        return redirect("totp_enrol")
    services.disable_totp(actor=actor_from_request(request), user=user)
    messages.success(request, "动态口令已停用。")
    return redirect("totp_enrol")


# --- the system administrator: accounts ------------------------------------------------------


@role_required(Role.SYSADMIN)
def user_list(request: HttpRequest) -> HttpResponse:
    users = User.objects.select_related("profile__agency").order_by("username")
    return render(request, "accounts/user_list.html", {"users": users})


@role_required(Role.SYSADMIN)
def user_create(request: HttpRequest) -> HttpResponse:
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_account(
                actor=actor_from_request(request, role=Role.SYSADMIN),
                username=data["username"],
                full_name=data["full_name"],
                agency=data["agency"],
                password=data["password1"],
                phone=data["phone"],
                id_number=data["id_number"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"账号 {user.username} 已创建，首次登录时须修改密码。")
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(request, "accounts/user_create.html", {"form": form})


@role_required(Role.SYSADMIN)
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    account = get_object_or_404(User.objects.select_related("profile__agency"), pk=user_id)
    context = {
        "account": account,
        "grants": RoleGrant.objects.filter(user=account).select_related("agency"),
        "reset_form": ResetPasswordForm(),
        "locked": lockout.locked_for(username=account.username, address="", now=clock.now()),
        "protected": account.pk != request.user.pk and is_operator(account),
    }
    return render(request, "accounts/user_detail.html", context)


@role_required(Role.SYSADMIN)
@require_POST
def user_reveal_id(request: HttpRequest, user_id: int) -> HttpResponse:
    account = get_object_or_404(User.objects.select_related("profile__agency"), pk=user_id)
    number = services.reveal_id_number(
        actor=actor_from_request(request, role=Role.SYSADMIN), profile=account.profile
    )
    return render(request, "accounts/id_number.html", {"account": account, "number": number})


@role_required(Role.SYSADMIN)
@require_POST
def user_reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    account = get_object_or_404(User, pk=user_id)
    form = ResetPasswordForm(request.POST)
    if form.is_valid():
        try:
            services.reset_password(
                actor=actor_from_request(request, role=Role.SYSADMIN),
                user=account,
                new_password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, "已设置临时密码，该账号下次登录须修改密码。")
    return redirect("accounts:user_detail", user_id=account.pk)


@role_required(Role.SYSADMIN)
@require_POST
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    account = get_object_or_404(User, pk=user_id)
    try:
        services.unlock(actor=actor_from_request(request, role=Role.SYSADMIN), user=account)
    except services.OperatorProtected as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"账号 {account.username} 已解锁。")
    return redirect("accounts:user_detail", user_id=account.pk)


# --- the security administrator: roles ------------------------------------------------------


@role_required(Role.SECADMIN)
def role_grants(request: HttpRequest) -> HttpResponse:
    form = RoleGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org_services.grant_role(
                actor=actor_from_request(request, role=Role.SECADMIN),
                user=data["user"],
                agency=data["agency"],
                role=data["role"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "角色已授予。")
            return redirect("accounts:role_grants")
    grants = RoleGrant.objects.select_related("user", "agency").order_by(
        "agency__path", "user__username", "role"
    )
    context = {"form": form, "grants": grants, "business_roles": sorted(BUSINESS_ROLES)}
    return render(request, "accounts/role_grants.html", context)


@role_required(Role.SECADMIN)
@require_POST
def role_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = get_object_or_404(RoleGrant.objects.select_related("user", "agency"), pk=grant_id)
    try:
        org_services.revoke_role(actor=actor_from_request(request, role=Role.SECADMIN), grant=grant)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, "角色已收回。")
    return redirect("accounts:role_grants")
