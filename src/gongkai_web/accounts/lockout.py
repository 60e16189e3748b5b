"""Lockout after repeated login failures, per account and per address (等保 2.0 登录失败处理).

Five failures within fifteen minutes lock the account (or the address) until fifteen
minutes after the first of those five. Attempts made while locked are not counted, so
hammering a locked account does not extend its lock forever.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet

from gongkai_web.accounts.models import LoginFailure


def max_failures() -> int:
    return int(getattr(settings, "GONGKAI_LOCKOUT_FAILURES", 5))


def window() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "GONGKAI_LOCKOUT_MINUTES", 15)))


def normalise_username(username: str) -> str:
    return username.strip().lower()[:150]


def _remaining(failures: QuerySet[LoginFailure], now: dt.datetime) -> dt.timedelta | None:
    recent = list(failures.filter(at__gt=now - window()).order_by("-at")[: max_failures()])
    if len(recent) < max_failures():
        return None
    return recent[-1].at + window() - now


def locked_for(*, username: str, address: str, now: dt.datetime) -> tuple[str, dt.timedelta] | None:
    """("account" | "address", time left) while locked, else None."""
    by_user = _remaining(LoginFailure.objects.filter(username=normalise_username(username)), now)
    if by_user is not None:
        return "account", by_user
    if address:
        by_address = _remaining(LoginFailure.objects.filter(address=address), now)
        if by_address is not None:
            return "address", by_address
    return None


def lock_message(kind: str, left: dt.timedelta) -> str:
    minutes = max(1, -(-int(left.total_seconds()) // 60))
    who = "该账号" if kind == "account" else "您所在地址"
    return (
        f"{who}登录失败已达 {max_failures()} 次，已锁定，请 {minutes} 分钟后再试；"
        "如忘记密码，请联系系统管理员重置。"
    )


def note_failure(*, username: str, address: str, now: dt.datetime) -> None:
    if locked_for(username=username, address=address, now=now) is not None:
        return
    LoginFailure.objects.create(username=normalise_username(username), address=address, at=now)


def failures_left(*, username: str, now: dt.datetime) -> int:
    recent = LoginFailure.objects.filter(
        username=normalise_username(username), at__gt=now - window()
    ).count()
    return max(0, max_failures() - recent)


def clear(*, username: str) -> None:
    LoginFailure.objects.filter(username=normalise_username(username)).delete()
