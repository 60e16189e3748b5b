from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User

from gongkai.identity import IdentityNumberError, validate_resident_id
from gongkai_web import clock
from gongkai_web.accounts import lockout
from gongkai_web.audit.services import client_address
from gongkai_web.organizations.models import ADMIN_ROLES, BUSINESS_ROLES, Agency, Role


class LoginForm(AuthenticationForm):
    # Django reads error_messages from the class; the stubs declare it per instance, with lazy
    # strings, which a ClassVar of plain strings may not override in their eyes.
    error_messages: ClassVar[dict[str, str]] = {  # type: ignore[misc, assignment]
        "invalid_login": "用户名或密码不正确（密码区分大小写）。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request) if self.request is not None else ""
        now = clock.now()
        locked = lockout.locked_for(username=username, address=address, now=now)
        if username and locked is not None:
            raise forms.ValidationError(lockout.lock_message(*locked), code="locked")
        try:
            return super().clean()
        except forms.ValidationError as exc:
            if getattr(exc, "code", None) != "invalid_login":
                raise
            locked = lockout.locked_for(username=username, address=address, now=clock.now())
            if locked is not None:
                raise forms.ValidationError(lockout.lock_message(*locked), code="locked") from None
            left = lockout.failures_left(username=username, address=address, now=clock.now())
            raise forms.ValidationError(
                f"用户名或密码不正确（密码区分大小写）。再错 {left} 次，"
                f"账号将锁定 {lockout.window().seconds // 60} 分钟。",
                code="invalid_login",
            ) from None


class TotpCodeForm(forms.Form):
    code = forms.CharField(
        label="动态口令",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="打开手机上的身份验证器应用，输入显示的 6 位数字。",
    )


class AccountCreateForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=150)
    agency = forms.ModelChoiceField(label="所在机关", queryset=Agency.objects.all())
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    id_number = forms.CharField(label="身份证号", max_length=24, required=False)
    password1 = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput,
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(label="再次输入初始密码", widget=forms.PasswordInput)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(f"用户名“{username}”已被使用，请换一个")
        return username

    def clean_id_number(self) -> str:
        raw = self.cleaned_data["id_number"]
        if not raw.strip():
            return ""
        try:
            return validate_resident_id(raw)
        except IdentityNumberError as exc:
            raise forms.ValidationError(exc.message) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "两次输入的密码不一致")
        elif first:
            candidate = User(
                username=data.get("username", ""), first_name=data.get("full_name", "")
            )
            try:
                password_validation.validate_password(first, user=candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ResetPasswordForm(forms.Form):
    password1 = forms.CharField(label="临时密码", widget=forms.PasswordInput)


class RoleGrantForm(forms.Form):
    """Business roles for accounts that are not 三员 (organizations.services enforces it)."""

    user = forms.ModelChoiceField(
        label="账号",
        queryset=User.objects.filter(is_active=True)
        .exclude(role_grants__role__in=sorted(ADMIN_ROLES))
        .order_by("username"),
        error_messages={"invalid_choice": "请选择一个业务账号：三员账号不能担任业务角色"},
    )
    agency = forms.ModelChoiceField(label="机关", queryset=Agency.objects.all())
    role = forms.ChoiceField(
        label="角色",
        choices=[(value, label) for value, label in Role.choices if value in BUSINESS_ROLES],
        error_messages={"invalid_choice": "只能授予业务角色；三员角色只能在服务器上设立"},
    )
