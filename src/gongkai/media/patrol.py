"""The daily patrol: days since each account's last post, judged against three thresholds.

国办秘函〔2019〕19号 makes "no update within the 2 weeks before the monitoring point" a
single-veto item for government new media; the warning at 10 days and the zombie line at
90 days are local practice (regulation.md §6.3), so all three are configurable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    OK = "ok"
    WARN = "warn"  # nearing the line: update soon
    FAIL = "fail"  # the single-veto line: 不合格
    ZOMBIE = "zombie"  # long silent: clean up or close (僵尸账号)

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def failing(self) -> bool:
        return self in (Verdict.FAIL, Verdict.ZOMBIE)


_LABELS = {
    Verdict.OK: "正常",
    Verdict.WARN: "临近更新期限",
    Verdict.FAIL: "超过2周未更新",
    Verdict.ZOMBIE: "僵尸账号（长期未更新）",
}


class ThresholdError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Thresholds:
    warn_days: int = 10
    fail_days: int = 14
    zombie_days: int = 90

    def __post_init__(self) -> None:
        if not 0 < self.warn_days <= self.fail_days <= self.zombie_days:
            raise ThresholdError(
                f"巡查阈值应满足 0 < 预警天数 ≤ 不合格天数 ≤ 僵尸天数，现为 "
                f"{self.warn_days} / {self.fail_days} / {self.zombie_days}"
            )

    def judge(self, days: int) -> Verdict:
        if days >= self.zombie_days:
            return Verdict.ZOMBIE
        if days >= self.fail_days:
            return Verdict.FAIL
        if days >= self.warn_days:
            return Verdict.WARN
        return Verdict.OK


@dataclass(frozen=True, slots=True)
class AccountActivity:
    account_id: int
    last_post: dt.date | None
    # An account that never posted is counted from the day it was opened.
    opened_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PatrolResult:
    account_id: int
    days_since: int | None  # None: never posted and no opening date known
    verdict: Verdict
    since: dt.date | None  # the date counted from (last post, or opening)


def patrol(
    accounts: Iterable[AccountActivity], on: dt.date, thresholds: Thresholds | None = None
) -> list[PatrolResult]:
    """One result per account, for the patrol run on the date ``on``.

    Posts dated after ``on`` are the caller's to exclude; a last post later than ``on`` counts
    as zero days. An account with neither a post nor an opening date cannot be timed and is
    judged failing: nobody can show it was ever updated.
    """
    limits = thresholds or Thresholds()
    results = []
    for account in accounts:
        since = account.last_post or account.opened_on
        if since is None:
            results.append(PatrolResult(account.account_id, None, Verdict.FAIL, None))
            continue
        days = max(0, (on - since).days)
        results.append(PatrolResult(account.account_id, days, limits.judge(days), since))
    return results


def tally(results: Iterable[PatrolResult]) -> dict[Verdict, int]:
    counts = dict.fromkeys(Verdict, 0)
    for result in results:
        counts[result.verdict] += 1
    return counts
