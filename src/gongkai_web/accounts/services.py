"""Writes to accounts: creation, passwords, ID numbers, second factor. Each one audited."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.identity import IdentityNumberError, validate_resident_id
from gongkai.passwords import verify_totp
from gongkai_web import clock
from gongkai_web.accounts import lockout
from gongkai_web.accounts.models import Profile
from gongkai_web.audit import services as audit
from gongkai_web.audit.models import AuditEntry
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.permissions import is_operator
from gongkai_web.privacy.fields import blind_index


class OperatorProtected(ValidationError):
    """A change to a 三员 account's credentials asked for through the pages."""


def refuse_for_operator(*, actor: audit.Actor, user: User, what: str) -> None:
    """Nobody resets another 三员 account's credentials through the pages: the system
    administrator would otherwise log in as the auditor or the security administrator. The
    server's break-glass command (accounts.management.commands.breakglass_reset) acts as
    ``audit.SYSTEM`` and is itself audited."""
    if actor.user is None or actor.user.pk == user.pk:
        return
    if is_operator(user):
        raise OperatorProtected(
            f"不能{what}三员账号 {user.get_username()}：系统管理员、安全管理员、审计管理员的"
            "凭据只能在服务器上用 breakglass_reset 命令重置（该命令记入审计日志并通知三员）"
        )


def clean_id_number(raw: str) -> str:
    try:
        return validate_resident_id(raw)
    except IdentityNumberError as exc:
        raise ValidationError({"id_number": exc.message}) from None


def create_account(
    *,
    actor: audit.Actor,
    username: str,
    full_name: str,
    agency: Agency,
    password: str,
    phone: str = "",
    id_number: str = "",
    must_change_password: bool = True,
) -> User:
    username = username.strip()
    if not username:
        raise ValidationError({"username": "请填写用户名"})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"用户名“{username}”已被使用，请换一个"})
    number = clean_id_number(id_number) if id_number.strip() else ""
    candidate = User(username=username, first_name=full_name)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password, first_name=full_name)
        profile = Profile.objects.get(user=user)
        profile.agency = agency
        profile.phone = phone
        profile.must_change_password = must_change_password
        if number:
            profile.id_number = number
            profile.id_number_index = blind_index(Profile, "id_number", number)
        profile.save()
        audit.record(
            actor=actor,
            action="account.created",
            obj=user,
            agency=agency,
            changes={
                "username": username,
                "full_name": full_name,
                "agency": agency.name,
                "id_number": "（已登记）" if number else "",
            },
        )
    return user


def find_by_id_number(raw: str) -> Profile | None:
    number = clean_id_number(raw)
    return (
        Profile.objects.select_related("user")
        .filter(id_number_index=blind_index(Profile, "id_number", number))
        .first()
    )


def change_password(*, actor: audit.Actor, user: User, new_password: str) -> None:
    password_validation.validate_password(new_password, user=user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        Profile.objects.filter(user=user).update(
            must_change_password=False, password_changed_at=clock.now()
        )
        audit.record(actor=actor, action="account.password_changed", obj=user)


def reset_password(*, actor: audit.Actor, user: User, new_password: str) -> None:
    """The system administrator sets a temporary password the user must change at login."""
    refuse_for_operator(actor=actor, user=user, what="重置")
    password_validation.validate_password(new_password, user=user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        Profile.objects.filter(user=user).update(must_change_password=True)
        lockout.clear(username=user.get_username())
        audit.record(actor=actor, action="account.password_reset", obj=user)


def reveal_id_number(*, actor: audit.Actor, profile: Profile) -> str:
    """The full ID number, logged: every unmasked view leaves an audit entry."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="personal_info.id_number_viewed",
            obj=profile.user,
            agency=profile.agency,
            changes={"field": "id_number"},
        )
    number: str = profile.id_number
    return number


def enable_totp(
    *, actor: audit.Actor, user: User, secret: str, code: str, unix_time: float
) -> bool:
    step = verify_totp(secret, code, unix_time=unix_time)
    if step is None:
        return False
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(user=user)
        profile.totp_secret = secret
        profile.totp_enabled = True
        profile.totp_last_step = step
        profile.save(update_fields=["totp_secret", "totp_enabled", "totp_last_step"])
        audit.record(actor=actor, action="account.totp_enabled", obj=user)
    return True


def disable_totp(*, actor: audit.Actor, user: User) -> None:
    with transaction.atomic():
        Profile.objects.filter(user=user).update(
            totp_secret="", totp_enabled=False, totp_last_step=None
        )
        audit.record(actor=actor, action="account.totp_disabled", obj=user)


def check_second_factor(*, user: User, code: str, unix_time: float) -> bool:
    """True once per valid code: the step is remembered so the code cannot be replayed."""
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(user=user)
        step = verify_totp(
            profile.totp_secret,
            code,
            unix_time=unix_time,
            last_used_step=profile.totp_last_step,
        )
        if step is None:
            return False
        profile.totp_last_step = step
        profile.save(update_fields=["totp_last_step"])
    return True


def unlock(*, actor: audit.Actor, user: User) -> None:
    # Unlocking on demand would let one operator guess another's password without limit.
    refuse_for_operator(actor=actor, user=user, what="解锁")
    with transaction.atomic():
        lockout.clear(username=user.get_username())
        audit.record(actor=actor, action="account.unlocked", obj=user)


BREAKGLASS_ACTION = "account.breakglass_reset"


def breakglass_reset(*, user: User, new_password: str, reason: str, operator: str) -> None:
    """The server's emergency reset of a 三员 account (a lost password, a departed auditor):
    reactivated, unlocked, a temporary password to change at first login. Audited with its
    reason and the operating-system account that ran it; every 三员 account is told at its
    next login (breakglass_notices)."""
    if not reason.strip():
        raise ValidationError({"reason": "请用 --reason 写明应急重置的原因"})
    if not is_operator(user):
        raise ValidationError(
            {"user": f"{user.get_username()} 不是三员账号，其密码由系统管理员在页面上重置"}
        )
    password_validation.validate_password(new_password, user=user)
    with transaction.atomic():
        user.set_password(new_password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        Profile.objects.filter(user=user).update(must_change_password=True)
        lockout.clear(username=user.get_username())
        audit.record(
            actor=audit.Actor(user=None, role="system", address="server"),
            action=BREAKGLASS_ACTION,
            obj=user,
            changes={
                "username": user.get_username(),
                "reason": reason.strip(),
                "operator": operator,
            },
        )


def breakglass_notices(*, user: User, since: dt.datetime | None) -> list[str]:
    """What a 三员 account is told at login: each break-glass reset since its last login."""
    if not is_operator(user):
        return []
    entries = AuditEntry.objects.filter(action=BREAKGLASS_ACTION)
    if since is not None:
        entries = entries.filter(at__gt=since)
    return [
        f"注意：{timezone.localtime(e.at):%Y-%m-%d %H:%M} 服务器上执行了三员账号应急重置"
        f"（账号 {e.changes.get('username', '')}，操作系统用户 {e.changes.get('operator', '')}，"
        f"原因：{e.changes.get('reason', '')}）。如非你方知情，请立即报告。"
        for e in entries.order_by("seq")
    ]
