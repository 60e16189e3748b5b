"""The quarterly bulletin (通报): what it says, as values; documents.py lays it out.

The structure follows the bulletins local governments publish (regulation.md §6.5): basis and
window; accounts checked by platform with the qualified rate; problems by category naming the
accounts; requirements; the rectification deadline; an annex listing the problem accounts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from gongkai.media.sweep import AccountRecord, Category, Problem
from gongkai.media.wording import cn_date, tidy

__all__ = ["Bulletin", "build", "cn_date", "paragraphs", "quarter_window"]

DEFAULT_BASIS = (
    "《国务院办公厅关于推进政务新媒体健康有序发展的意见》（国办发〔2018〕123号）",
    "《国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知》"
    "（国办秘函〔2019〕19号）",
)

# Only a bulletin that lists problems asks for their rectification (and has the annex).
RECTIFY_REQUIREMENT = (
    "对照问题清单逐项整改，对超过2周未更新的账号立即恢复更新，确保内容常态化更新。"
)
DEFAULT_REQUIREMENTS = (
    "严格落实“三审三校”制度，坚持先审后发，每条信息留存审核记录。",
    "对长期未更新、无力维护的账号按程序关停注销，并及时办理备案变更。",
    "完善账号备案信息，明确责任人和运维人员，确保账号信息与开办主体一致。",
)


def percent(part: int, whole: int) -> str:
    if whole == 0:
        return "—"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value}%"


@dataclass(frozen=True, slots=True)
class PlatformRow:
    platform: str
    checked: int
    failed: int

    @property
    def qualified_rate(self) -> str:
        return percent(self.checked - self.failed, self.checked)


@dataclass(frozen=True, slots=True)
class NamedProblem:
    account_id: int
    account: str
    unit: str
    platform: str
    category: Category
    detail: str


@dataclass(frozen=True, slots=True)
class Bulletin:
    issuer: str
    title: str
    recipients: str
    issued_on: dt.date
    window: tuple[dt.date, dt.date]
    basis: tuple[str, ...]
    platforms: tuple[PlatformRow, ...]
    problems: tuple[NamedProblem, ...]
    requirements: tuple[str, ...]
    deadline: dt.date
    checked: int = 0
    failed: int = 0
    failing_names: tuple[str, ...] = field(default=())
    number: str = ""  # 发文字号, e.g. 新教通〔2024〕3号
    copy_to: str = ""  # 抄送机关, for the 版记

    @property
    def title_lines(self) -> tuple[str, ...]:
        """GB/T 9704 7.3.1: a title too long for one line breaks where the words allow, the
        lines in a trapezoid; 「通报」 never stands alone on the second line."""
        head, sep, tail = self.title.partition("政务新媒体")
        if not sep or len(self.title) <= TITLE_CHARS:
            return (self.title,)
        return (head + sep, tail)

    @property
    def annex(self) -> bool:
        return bool(self.problems)

    @property
    def qualified_rate(self) -> str:
        return percent(self.checked - self.failed, self.checked)

    def by_category(self) -> list[tuple[Category, list[NamedProblem]]]:
        grouped: dict[Category, list[NamedProblem]] = defaultdict(list)
        for problem in self.problems:
            grouped[problem.category].append(problem)
        return [(category, grouped[category]) for category in Category if category in grouped]


TITLE_CHARS = 20  # 2号 characters on the 156 mm line (22 pt each, with the title's spacing)
NUMBER = re.compile(r"^\S+〔\d{4}〕[1-9]\d*号$")  # 7.2.4: no 「第」, no leading zero


def quarter_window(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"季度应为 1–4，现为 {quarter}")
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end - dt.timedelta(days=1)


_QUARTER = "一二三四"


def build(
    *,
    issuer: str,
    year: int,
    quarter: int,
    accounts: Sequence[AccountRecord],
    problems: Sequence[Problem],
    issued_on: dt.date,
    deadline: dt.date,
    recipients: str = "各有关单位",
    basis: Sequence[str] = DEFAULT_BASIS,
    requirements: Sequence[str] = DEFAULT_REQUIREMENTS,
    number: str = "",
    copy_to: str = "",
) -> Bulletin:
    if deadline < issued_on:
        raise ValueError(f"整改期限（{cn_date(deadline)}）不能早于通报日期（{cn_date(issued_on)}）")
    if number and not NUMBER.match(number):
        raise ValueError(
            f"发文字号“{number}”格式不对：应写作“机关代字〔年份〕序号号”，如“新教通〔2024〕3号”"
            "（年份用六角括号〔〕，序号不编虚位）"
        )
    by_id = {account.account_id: account for account in accounts}
    unknown = sorted({p.account_id for p in problems} - set(by_id))
    if unknown:
        raise ValueError(f"问题所属账号不在本次检查范围内：{unknown}")
    failing = {p.account_id for p in problems if p.category.single_veto}
    checked: dict[str, int] = defaultdict(int)
    failed: dict[str, int] = defaultdict(int)
    for account in accounts:
        checked[account.platform] += 1
        failed[account.platform] += account.account_id in failing
    named = tuple(
        NamedProblem(
            p.account_id,
            by_id[p.account_id].name,
            by_id[p.account_id].unit,
            by_id[p.account_id].platform,
            p.category,
            tidy(p.detail),
        )
        for p in sorted(problems, key=lambda p: (list(Category).index(p.category), p.account_id))
    )
    return Bulletin(
        issuer=issuer,
        title=f"关于{year}年第{_QUARTER[quarter - 1]}季度政务新媒体检查情况的通报",
        recipients=recipients,
        issued_on=issued_on,
        window=quarter_window(year, quarter),
        basis=tuple(basis),
        platforms=tuple(PlatformRow(p, checked[p], failed[p]) for p in sorted(checked)),
        problems=named,
        requirements=(RECTIFY_REQUIREMENT, *requirements) if named else tuple(requirements),
        deadline=deadline,
        checked=len(accounts),
        failed=len(failing),
        failing_names=tuple(sorted(by_id[i].name for i in failing)),
        number=number,
        copy_to=copy_to,
    )


def paragraphs(bulletin: Bulletin) -> list[tuple[str, str]]:
    """The body as (kind, text) pairs: kind is "h1", "h2" or "p"."""
    start, end = bulletin.window
    out: list[tuple[str, str]] = [
        (
            "p",
            f"根据{'、'.join(bulletin.basis)}等有关要求，{bulletin.issuer}于{cn_date(start)}至"
            f"{cn_date(end)}对所属政务新媒体开展了检查，现将有关情况通报如下。",
        ),
        ("h1", "一、总体情况"),
        (
            "p",
            f"本次共检查政务新媒体账号{bulletin.checked}个，其中不合格{bulletin.failed}个，"
            f"总体合格率为{bulletin.qualified_rate}。",
        ),
    ]
    for row in bulletin.platforms:
        out.append(
            (
                "p",
                f"{row.platform}账号{row.checked}个，不合格{row.failed}个，"
                f"合格率{row.qualified_rate}。",
            )
        )
    out.append(("h1", "二、存在的主要问题"))
    grouped = bulletin.by_category()
    if not grouped:
        out.append(("p", "本次检查未发现问题。"))
    for number, (category, items) in enumerate(grouped, start=1):
        out.append(("h2", f"（{_cn_number(number)}）{category.label}"))
        for item in items:
            out.append(("p", f"{item.unit}“{item.account}”（{item.platform}）：{item.detail}。"))
    out.append(("h1", "三、工作要求"))
    for number, requirement in enumerate(bulletin.requirements, start=1):
        out.append(("p", f"{number}.{requirement}"))
    if bulletin.problems:
        out.append(
            (
                "p",
                f"请各有关单位于{cn_date(bulletin.deadline)}前完成整改，"
                f"并将整改情况书面报送{bulletin.issuer}。",
            )
        )
    return out


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[n] if n <= 10 else f"十{digits[n - 10]}" if n < 20 else str(n)
