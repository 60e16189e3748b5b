"""Writes to agencies and role grants: validated, transactional, audited."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.identity import IdentityNumberError, validate_credit_code
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import (
    ADMIN_ROLES,
    BUSINESS_ROLES,
    CHILD_LEVELS,
    PATH_STEP,
    Agency,
    Kind,
    Level,
    Role,
    RoleGrant,
)
from gongkai_web.organizations.permissions import forget_grants

OFFICE_FIELDS = (
    "short_name",
    "office_name",
    "office_address",
    "office_hours",
    "office_phone",
    "office_fax",
    "office_email",
)


class RoleConflict(ValidationError):
    """A grant that would break 三员分立."""


def clean_credit_code(raw: str) -> str:
    try:
        return validate_credit_code(raw)
    except IdentityNumberError as exc:
        raise ValidationError({"credit_code": exc.message}) from None


def create_agency(
    *,
    actor: audit.Actor,
    name: str,
    credit_code: str,
    level: str,
    kind: str,
    parent: Agency | None = None,
    **office: str,
) -> Agency:
    unknown = set(office) - set(OFFICE_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    code = clean_credit_code(credit_code)
    if level not in Level.values:
        raise ValidationError({"level": f"未知的层级“{level}”"})
    if kind not in Kind.values:
        raise ValidationError({"kind": f"未知的机关类型“{kind}”"})
    if parent is not None and level not in CHILD_LEVELS[parent.level]:
        raise ValidationError(
            {
                "level": f"{parent.get_level_display()}之下不能直接设"
                f"{Level(level).label}，请检查上级机关或层级"
            }
        )
    if Agency.objects.filter(credit_code=code).exists():
        raise ValidationError({"credit_code": f"统一社会信用代码 {code} 已被其他机关使用"})
    if Agency.objects.filter(name=name).exists():
        raise ValidationError({"name": f"机关“{name}”已存在"})
    with transaction.atomic():
        agency = Agency(
            name=name,
            credit_code=code,
            level=level,
            kind=kind,
            parent=parent,
            path=f"pending-{uuid.uuid4().hex}",
            depth=0 if parent is None else parent.depth + 1,
            **office,
        )
        agency.save(force_insert=True)
        # The path uses the primary key, so it never changes and needs no sibling counter.
        prefix = parent.path if parent is not None else ""
        agency.path = f"{prefix}{agency.pk:0{PATH_STEP}d}/"
        agency.save(update_fields=["path"])
        audit.record(
            actor=actor,
            action="agency.created",
            obj=agency,
            agency=agency,
            changes={
                "name": name,
                "credit_code": code,
                "level": level,
                "kind": kind,
                "parent": parent.pk if parent else None,
            },
        )
    return agency


def update_agency(*, actor: audit.Actor, agency: Agency, **fields: Any) -> Agency:
    unknown = set(fields) - set(OFFICE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    with transaction.atomic():
        locked = Agency.objects.select_for_update().get(pk=agency.pk)
        before = audit.snapshot(locked, fields)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean(exclude=["path", "parent", "credit_code", "name"])
        changes = audit.diff(before, audit.snapshot(locked, fields))
        if changes:
            locked.save(update_fields=list(fields))
            audit.record(
                actor=actor, action="agency.updated", obj=locked, agency=locked, changes=changes
            )
    return locked


def _refuse_unless_separated(*, actor: audit.Actor, user: User, role: str, held: set[str]) -> None:
    """三员 by construction: nobody changes their own roles, an administrator role is given
    only on the server (bootstrap_admins, break-glass), and no 三员 account holds a business
    role. ``held`` is every role ``user`` holds, read under lock."""
    if actor.user is not None and actor.user.pk == user.pk:
        raise RoleConflict({"user": "不能变更自己的角色：三员分立要求角色由他人授予或收回"})
    admin_held = held & ADMIN_ROLES
    if role in ADMIN_ROLES and actor.user is not None:
        raise RoleConflict(
            {
                "role": f"{Role(role).label}角色不能在页面上授予，只能由服务器上的"
                "bootstrap_admins 或应急命令设立（见 docs/security.md）"
            }
        )
    if role in ADMIN_ROLES and admin_held - {role}:
        other = Role(sorted(admin_held - {role})[0]).label
        raise RoleConflict(
            {
                "role": f"该账号已是{other}，三员分立要求系统管理员、安全管理员、"
                f"审计管理员由不同账号担任，不能再授予{Role(role).label}"
            }
        )
    if role in ADMIN_ROLES and held & BUSINESS_ROLES:
        raise RoleConflict(
            {"role": f"该账号担任业务角色，三员账号不能兼任业务角色，不能授予{Role(role).label}"}
        )
    if role in BUSINESS_ROLES and admin_held:
        other = Role(sorted(admin_held)[0]).label
        raise RoleConflict(
            {
                "user": f"该账号是{other}，三员账号不能担任业务角色"
                f"（{Role(role).label}），请为业务工作另建账号"
            }
        )


def grant_role(*, actor: audit.Actor, user: User, agency: Agency, role: str) -> RoleGrant:
    if role not in Role.values:
        raise ValidationError({"role": f"未知的角色“{role}”"})
    with transaction.atomic():
        # Locking the account's grants serialises two grants racing for one account.
        held = set(
            RoleGrant.objects.select_for_update().filter(user=user).values_list("role", flat=True)
        )
        _refuse_unless_separated(actor=actor, user=user, role=role, held=held)
        if RoleGrant.objects.filter(user=user, agency=agency, role=role).exists():
            raise ValidationError({"role": f"该账号在{agency.name}已有{Role(role).label}角色"})
        try:
            with transaction.atomic():
                grant = RoleGrant.objects.create(
                    user=user,
                    agency=agency,
                    role=role,
                    granted_at=clock.now(),
                    granted_by=actor.user,
                )
        except IntegrityError:
            raise RoleConflict({"role": "三员分立：同一账号只能担任一种管理员角色"}) from None
        if role == Role.SYSADMIN:
            # Django's admin checks model permissions; the site itself admits only holders of
            # a system-administrator grant (accounts.admin_site).
            type(user).objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
        audit.record(
            actor=actor,
            action="role.granted",
            obj=grant,
            agency=agency,
            changes={"user": user.get_username(), "role": role},
        )
    forget_grants(user)
    return grant


def revoke_role(*, actor: audit.Actor, grant: RoleGrant) -> None:
    if actor.user is not None and actor.user.pk == grant.user_id:
        raise RoleConflict({"user": "不能变更自己的角色：三员分立要求角色由他人授予或收回"})
    if grant.role in ADMIN_ROLES and actor.user is not None:
        raise RoleConflict(
            {
                "role": f"{grant.get_role_display()}角色不能在页面上收回，"
                "只能在服务器上用应急命令变更"
            }
        )
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="role.revoked",
            obj=grant,
            agency=grant.agency,
            changes={"user": grant.user.get_username(), "role": grant.role},
        )
        grant.delete()
        if grant.role == Role.SYSADMIN:
            type(grant.user).objects.filter(pk=grant.user_id).update(
                is_staff=False, is_superuser=False
            )
    forget_grants(grant.user)
