"""The year's new-media figures as the sentence section 一（四） of the annual report quotes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class YearFigures:
    accounts_open: int  # on 31 December
    posts_published: int
    posts_flagged: int  # published without the full 三审三校 record
    daily_patrols: int
    weekly_sweeps: int
    bulletins: int
    problems_found: int
    problems_fixed: int


def sentence(agency: str, year: int, figures: YearFigures) -> str:
    """A draft for the report writer; only the work actually recorded is mentioned."""
    parts = [
        f"截至{year}年12月31日，{agency}共有{figures.accounts_open}个政务新媒体账号纳入矩阵管理"
    ]
    checks = [
        f"每日巡查{figures.daily_patrols}次" if figures.daily_patrols else "",
        f"每周排查{figures.weekly_sweeps}次" if figures.weekly_sweeps else "",
        f"季度通报{figures.bulletins}期" if figures.bulletins else "",
    ]
    done = "、".join(c for c in checks if c)
    if done:
        problems = (
            f"，发现问题{figures.problems_found}个，已整改{figures.problems_fixed}个"
            if figures.problems_found
            else "，未发现问题"
        )
        parts.append(f"全年开展{done}{problems}")
    posts = f"全年发布信息{figures.posts_published}条"
    if figures.posts_published and not figures.posts_flagged:
        posts += "，均落实“三审三校”"
    elif figures.posts_flagged:
        posts += f"，其中{figures.posts_flagged}条未留存完整的“三审三校”记录"
    parts.append(posts)
    return "；".join(parts) + "。"
