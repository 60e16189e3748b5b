"""The weekly sweep: the patrol, plus the week's posts and the registry, as a list of problems."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from gongkai.media.patrol import PatrolResult, Verdict
from gongkai.media.wording import cn_date


class WordHit(Protocol):
    @property
    def message(self) -> str: ...


class WordFinder(Protocol):
    """The shared 错敏词 dictionary (gongkai.publishing.wordcheck.Matcher fits)."""

    def find(self, text: str) -> Sequence[WordHit]: ...


class Category(StrEnum):
    NOT_UPDATED = "not_updated"
    ZOMBIE = "zombie"
    WORDING = "wording"
    REVIEW_MISSING = "review_missing"
    REGISTRY = "registry"
    DUPLICATE = "duplicate"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def single_veto(self) -> bool:
        """A problem that makes the account 不合格 on its own (国办秘函〔2019〕19号)."""
        return self in (Category.NOT_UPDATED, Category.ZOMBIE)


_LABELS = {
    Category.NOT_UPDATED: "更新不及时（超过2周未更新）",
    Category.ZOMBIE: "僵尸账号未清理（长期未更新）",
    Category.WORDING: "错敏字及表述不规范",
    Category.REVIEW_MISSING: "未落实三审三校",
    Category.REGISTRY: "账号信息不完整、备案不规范",
    Category.DUPLICATE: "同一平台重复开设账号",
}


@dataclass(frozen=True, slots=True)
class AccountRecord:
    account_id: int
    name: str
    platform: str
    unit: str  # 主办单位
    handle: str = ""  # the platform's account ID
    supervisor: str = ""  # 主管单位
    responsible: str = ""
    operator: str = ""
    verified: bool = False
    filing_no: str = ""


# The registry fields a filing needs, in the order a form shows them.
REQUIRED = (
    ("handle", "账号ID"),
    ("supervisor", "主管单位"),
    ("responsible", "责任人"),
    ("operator", "运维人员"),
    ("filing_no", "备案编号"),
)


def registry_gaps(account: AccountRecord) -> list[str]:
    gaps = [label for name, label in REQUIRED if not str(getattr(account, name)).strip()]
    if not account.verified:
        gaps.append("平台认证")
    return gaps


def duplicates(accounts: Iterable[AccountRecord]) -> list[list[AccountRecord]]:
    """Groups of two or more accounts of one unit on one platform ("一个单位原则上在同一平台
    只开设一个账号", 国办发〔2018〕123号): a warning, since the rule says 'in principle'."""
    groups: dict[tuple[str, str], list[AccountRecord]] = defaultdict(list)
    for account in accounts:
        groups[(account.unit, account.platform)].append(account)
    return [group for group in groups.values() if len(group) > 1]


@dataclass(frozen=True, slots=True)
class PostRecord:
    post_id: int
    account_id: int
    title: str
    body: str
    published_at: dt.datetime
    review_complete: bool


@dataclass(frozen=True, slots=True)
class Problem:
    category: Category
    account_id: int
    detail: str
    post_id: int | None = None


def patrol_problems(results: Iterable[PatrolResult]) -> list[Problem]:
    out = []
    for result in results:
        if result.verdict is Verdict.ZOMBIE:
            out.append(Problem(Category.ZOMBIE, result.account_id, _silence(result)))
        elif result.verdict is Verdict.FAIL:
            out.append(Problem(Category.NOT_UPDATED, result.account_id, _silence(result)))
    return out


def _silence(result: PatrolResult) -> str:
    if result.days_since is None or result.since is None:
        return "无任何发布记录，也无开设日期"
    return f"{result.days_since}天未更新（最近一次：{cn_date(result.since)}）"


def sweep(
    *,
    patrol: Sequence[PatrolResult],
    accounts: Sequence[AccountRecord],
    posts: Iterable[PostRecord],
    dictionary: WordFinder,
) -> list[Problem]:
    """The week's problems: patrol failures, 错敏词 hits and posts without the full 三审三校
    record among ``posts`` (the caller picks the week), registry gaps and duplicate accounts."""
    problems = patrol_problems(patrol)
    for post in posts:
        hits = dictionary.find(f"{post.title}\n{post.body}")
        if hits:
            listed = "；".join(hit.message for hit in hits[:5])
            more = f"等{len(hits)}处" if len(hits) > 5 else ""
            problems.append(
                Problem(
                    Category.WORDING,
                    post.account_id,
                    f"《{post.title}》：{listed}{more}",
                    post.post_id,
                )
            )
        if not post.review_complete:
            problems.append(
                Problem(
                    Category.REVIEW_MISSING,
                    post.account_id,
                    f"《{post.title}》（{cn_date(post.published_at.date())}）发布时三审三校记录不全",
                    post.post_id,
                )
            )
    for account in accounts:
        gaps = registry_gaps(account)
        if gaps:
            problems.append(
                Problem(Category.REGISTRY, account.account_id, "缺少" + "、".join(gaps))
            )
    for group in duplicates(accounts):
        names = "、".join(a.name for a in group)
        for account in group:
            problems.append(
                Problem(
                    Category.DUPLICATE,
                    account.account_id,
                    f"{account.unit}在{account.platform}开设{len(group)}个账号：{names}",
                )
            )
    return problems
