"""Demo matrix of 新华区教育局: 23 WeChat official accounts (the bureau's and its schools'),
2,135 posts published in 2024, each drafted, signed through 三审三校 and published through the
services the pages call, as in the seed report's section 一（四）. Generated from a fixed
seed, so every load is the same.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from stdnum.cn import uscc

from gongkai.media.review import Stage
from gongkai_web.audit import services as audit
from gongkai_web.audit.services import Actor
from gongkai_web.media_accounts import services
from gongkai_web.media_accounts.models import (
    Filing,
    MediaAccount,
    Platform,
    Post,
    Verification,
)
from gongkai_web.organizations import demo as organizations_demo
from gongkai_web.organizations import services as organizations
from gongkai_web.organizations.models import Agency, Kind, Level, Role, RoleGrant
from gongkai_web.publishing import services as publishing
from gongkai_web.publishing.models import SensitiveWord

BUREAU = "新华区教育局"
YEAR = 2024
SEED_POSTS = 2135  # the seed report's figure, of which the bureau's own account 500
SEED_BUREAU_POSTS = 500
BODY = "演示数据：教育教学工作动态。"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# The spine's demo has the bureau, its 电教馆, 实验小学 and 第一中学; 19 more schools make 23.
MORE_SCHOOLS = tuple(f"新华区第{n}小学" for n in "一二三四五六七八九十") + tuple(
    f"新华区第{n}中学" for n in ("二", "三", "四", "五", "六", "七", "八", "九", "十")
)
UNITS = (BUREAU, "新华区电化教育馆", "新华区实验小学", "新华区第一中学", *MORE_SCHOOLS)


def _credit_code(n: int) -> str:
    body = f"12410402MB{1_000_000 + n:07d}"
    return body + uscc.calc_check_digit(body)


def _agencies() -> list[Agency]:
    organizations_demo.load()
    bureau = Agency.objects.get(name=BUREAU)
    for n, name in enumerate(MORE_SCHOOLS, start=1):
        if not Agency.objects.filter(name=name).exists():
            organizations.create_agency(
                actor=audit.SYSTEM,
                name=name,
                credit_code=_credit_code(n),
                level=Level.UNIT,
                kind=Kind.UNIT,
                parent=bureau,
                short_name=name.removeprefix("新华区"),
            )
    by_name = {a.name: a for a in Agency.objects.filter(name__in=UNITS)}
    return [by_name[name] for name in UNITS]


# Who signs: the bureau's publishing staff run its schools' accounts too (主管主办: the
# bureau reviews what its schools publish). 初审 by the editor who drafts, 复审 by the reviewer,
# 终审 by the leader; 一校 and 二校 by the reviewer, 三校 by the leader, never by the author.
STAFF = {"editor": "jiaoyu_editor", "reviewer": "jiaoyu_reviewer", "leader": "jiaoyu_leader"}
ROLES = {"editor": Role.CLERK, "reviewer": Role.REVIEWER, "leader": Role.LEADER}
STEPS = (
    (Stage.FIRST_REVIEW, "editor"), (Stage.PROOF_1, "reviewer"), (Stage.SECOND_REVIEW, "reviewer"),
    (Stage.PROOF_2, "reviewer"), (Stage.FINAL_REVIEW, "leader"), (Stage.PROOF_3, "leader"),
)  # fmt: skip


def staff(units: list[Agency]) -> dict[str, Actor]:
    """The bureau's editor, reviewer and leader, with their roles at each unit given."""
    users = {key: User.objects.get(username=name) for key, name in STAFF.items()}
    for unit in units:
        for key, user in users.items():
            if not RoleGrant.objects.filter(user=user, agency=unit, role=ROLES[key]).exists():
                organizations.grant_role(
                    actor=audit.SYSTEM, user=user, agency=unit, role=ROLES[key]
                )
    return {key: Actor(user=user, role=ROLES[key]) for key, user in users.items()}


def publish_through_review(
    account: MediaAccount,
    title: str,
    body: str,
    published: dt.datetime,
    people: dict[str, Actor],
    link: str = "",
) -> Post:
    """Drafted the day before, submitted, any flagged word acknowledged by the reviewer, signed
    step by step through the afternoon, published: the services a clerk's and the reviewers'
    clicks call, with the times they happened."""
    drafted = published - dt.timedelta(hours=30)
    post = services.draft_post(
        actor=people["editor"], account=account, title=title, body=body, link=link, at=drafted
    )
    post = services.submit_post(actor=people["editor"], post=post, at=drafted)
    words = sorted({hit.word for hit in services.wording_hits(post)})
    if words:
        post = services.move(
            actor=people["reviewer"], post=post, action="acknowledge", words=words,
            note="引用原文，经核实不改",
        )  # fmt: skip
    for n, (stage, who) in enumerate(STEPS):
        at = published - dt.timedelta(hours=24) + dt.timedelta(hours=2 * n)
        post = services.sign(actor=people[who], post=post, stage=stage, opinion="同意", at=at)
    return services.publish(actor=people["editor"], post=post, at=published)


# Two common slips, added to the catalogue's shared 错敏词 dictionary (publishing.SensitiveWord)
# so the demo's drafts show hits; the office maintains the list on the catalogue's pages.
WORDS = (("截止目前", "wrong", "截至目前"), ("再接再励", "wrong", "再接再厉"))


def _words() -> None:
    for word, kind, suggestion in WORDS:
        if not SensitiveWord.objects.filter(agency=None, word=word).exists():
            publishing.add_sensitive_word(
                actor=audit.SYSTEM, word=word, kind=kind, suggestion=suggestion
            )


def load() -> list[str]:
    _words()
    units = _agencies()
    if MediaAccount.objects.filter(agency__name=BUREAU, name="新华教育").exists():
        return []
    bureau = units[0]
    accounts = MediaAccount.objects.bulk_create(
        MediaAccount(
            agency=unit,
            supervisor=bureau if i else unit.parent,
            platform=Platform.WECHAT,
            name="新华教育" if i == 0 else f"{unit.name}",
            handle=f"gh_xhjy{i:02d}",
            responsible="赵领导" if i == 0 else f"{unit.short_name}分管领导",
            responsible_email=f"media{i:02d}@example.gov.cn",
            operator="王登记" if i == 0 else f"{unit.short_name}编辑",
            verification=Verification.VERIFIED,
            state="opened",
            opened_on=dt.date(2019, 3, 1) + dt.timedelta(days=17 * i),
            filing_no=f"豫平新媒备〔2019〕{i + 1:03d}号",
        )
        for i, unit in enumerate(units)
    )
    now = dt.datetime(2024, 1, 1, tzinfo=SHANGHAI)
    Filing.objects.bulk_create(
        Filing(
            account=a,
            event="open",
            on=a.opened_on,
            filing_no=a.filing_no,
            note="演示数据",
            recorded_at=now,
        )
        for a in accounts
    )
    rng = random.Random(YEAR)
    posts = max(settings.GONGKAI_DEMO_POSTS, 23)
    bureau_posts = posts * SEED_BUREAU_POSTS // SEED_POSTS
    shares = [bureau_posts] + [(posts - bureau_posts) // 22] * 22
    for i in range((posts - bureau_posts) % 22):
        shares[1 + i] += 1
    days = (dt.date(YEAR + 1, 1, 1) - dt.date(YEAR, 1, 1)).days
    people = staff(units[1:])
    count_posts = 0
    for index, (account, count) in enumerate(zip(accounts, shares, strict=True)):
        for k in range(count):
            # spread evenly over the year, jittered within each slot, in office hours
            day = int((k + rng.random()) * days / count)
            moment = dt.datetime(YEAR, 1, 1, tzinfo=SHANGHAI) + dt.timedelta(
                days=day, hours=rng.randint(9, 17), minutes=rng.randint(0, 59)
            )
            title = f"{account.name}工作动态（{moment:%m月%d日}）"
            link = f"https://mp.weixin.qq.com/s/demo-{index:02d}-{k:04d}"
            publish_through_review(account, title, BODY, moment, people, link=link)
            count_posts += 1
    audit.record(
        actor=audit.SYSTEM,
        action="media.demo_loaded",
        agency=bureau,
        changes={"accounts": len(accounts), "posts": count_posts},
    )
    return [
        f"政务新媒体：{len(accounts)} 个账号，{YEAR} 年发布信息 {count_posts} 条"
        "（每条经三审三校签署后发布）"
    ]
