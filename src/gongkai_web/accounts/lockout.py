"""Lockout after repeated login failures (等保 2.0 登录失败处理), per account *at an address*,
per address, and per account from everywhere at a higher count.

Five failures within fifteen minutes lock the account at that address (or the address, for
every account) until fifteen minutes after the first of those five. A lock per account alone
would let anyone keep any account locked by failing its password from anywhere; so the
account itself is locked everywhere only after GONGKAI_LOCKOUT_ACCOUNT_FAILURES (20) failures,
which one address cannot reach (it is locked after five). Attempts made while locked are not
counted, so hammering a locked account does not extend its lock forever.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet

from gongkai_web.accounts.models import LoginFailure


def max_failures() -> int:
    return int(getattr(settings, "GONGKAI_LOCKOUT_FAILURES", 5))


def max_account_failures() -> int:
    return int(getattr(settings, "GONGKAI_LOCKOUT_ACCOUNT_FAILURES", 20))


def window() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "GONGKAI_LOCKOUT_MINUTES", 15)))


def normalise_username(username: str) -> str:
    return username.strip().lower()[:150]


def _remaining(
    failures: QuerySet[LoginFailure], now: dt.datetime, limit: int = 0
) -> dt.timedelta | None:
    limit = limit or max_failures()
    recent = list(failures.filter(at__gt=now - window()).order_by("-at")[:limit])
    if len(recent) < limit:
        return None
    return recent[-1].at + window() - now


def locked_for(*, username: str, address: str, now: dt.datetime) -> tuple[str, dt.timedelta] | None:
    """("account" | "everywhere" | "address", time left) while locked, else None."""
    mine = LoginFailure.objects.filter(username=normalise_username(username))
    by_pair = _remaining(mine.filter(address=address), now)
    if by_pair is not None:
        return "account", by_pair
    by_user = _remaining(mine, now, max_account_failures())
    if by_user is not None:
        return "everywhere", by_user
    if address:
        by_address = _remaining(LoginFailure.objects.filter(address=address), now)
        if by_address is not None:
            return "address", by_address
    return None


def lock_message(kind: str, left: dt.timedelta) -> str:
    minutes = max(1, -(-int(left.total_seconds()) // 60))
    if kind == "everywhere":
        return (
            f"该账号从多个地址登录失败已达 {max_account_failures()} 次，已锁定，"
            f"请 {minutes} 分钟后再试；如忘记密码，请联系系统管理员重置。"
        )
    who = "该账号" if kind == "account" else "您所在地址"
    return (
        f"{who}登录失败已达 {max_failures()} 次，已锁定，请 {minutes} 分钟后再试；"
        "如忘记密码，请联系系统管理员重置。"
    )


def note_failure(*, username: str, address: str, now: dt.datetime) -> None:
    if locked_for(username=username, address=address, now=now) is not None:
        return
    LoginFailure.objects.create(username=normalise_username(username), address=address, at=now)


def failures_left(*, username: str, address: str, now: dt.datetime) -> int:
    recent = LoginFailure.objects.filter(
        username=normalise_username(username), address=address, at__gt=now - window()
    ).count()
    return max(0, max_failures() - recent)


def clear(*, username: str) -> None:
    LoginFailure.objects.filter(username=normalise_username(username)).delete()
