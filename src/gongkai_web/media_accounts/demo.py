"""Demo matrix of 新华区教育局: 23 WeChat official accounts (the bureau's and its schools'),
2,135 posts published in 2024, each with a full 三审三校 record, as in the seed report's
section 一（四）. Generated from a fixed seed, so every load is the same; bulk-inserted.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from stdnum.cn import uscc

from gongkai.media.review import ALL_STAGES, Stage
from gongkai_web.audit import services as audit
from gongkai_web.media_accounts.models import (
    Filing,
    MediaAccount,
    Platform,
    Post,
    PostSource,
    PostStatus,
    ReviewStep,
    Verification,
)
from gongkai_web.organizations import demo as organizations_demo
from gongkai_web.organizations import services as organizations
from gongkai_web.organizations.models import Agency, Kind, Level
from gongkai_web.publishing import services as publishing
from gongkai_web.publishing.models import SensitiveWord

BUREAU = "新华区教育局"
YEAR = 2024
POSTS = 2135
BUREAU_POSTS = 500
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


def _signers(unit: Agency, index: int) -> list[tuple[User | None, str]]:
    """初审/一校 by the editor, 复审/二校 by the section head, 终审/三校 by the leader."""
    if index == 0:
        users = {u.username: u for u in User.objects.filter(username__startswith="jiaoyu_")}
        people = [users.get(n) for n in ("jiaoyu_clerk", "jiaoyu_reviewer", "jiaoyu_leader")]
        if all(people):
            return [(u, u.get_full_name() or u.username) for u in people if u is not None]
    short = unit.short_name or unit.name
    return [(None, f"{short}编辑"), (None, f"{short}办公室主任"), (None, f"{short}分管领导")]


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
    shares = [BUREAU_POSTS] + [(POSTS - BUREAU_POSTS) // 22] * 22
    for i in range((POSTS - BUREAU_POSTS) % 22):
        shares[1 + i] += 1
    days = (dt.date(YEAR + 1, 1, 1) - dt.date(YEAR, 1, 1)).days
    posts: list[Post] = []
    plans: list[tuple[int, dt.datetime, list[tuple[User | None, str]]]] = []
    for index, (account, count) in enumerate(zip(accounts, shares, strict=True)):
        signers = _signers(units[index], index)
        for k in range(count):
            # spread evenly over the year, jittered within each slot, in office hours
            day = int((k + rng.random()) * days / count)
            moment = dt.datetime(YEAR, 1, 1, tzinfo=SHANGHAI) + dt.timedelta(
                days=day, hours=rng.randint(9, 17), minutes=rng.randint(0, 59)
            )
            posts.append(
                Post(
                    account=account,
                    title=f"{account.name}工作动态（{moment:%m月%d日}）",
                    body="演示数据：教育教学工作动态。",
                    link=f"https://mp.weixin.qq.com/s/demo-{index:02d}-{k:04d}",
                    status=PostStatus.PUBLISHED,
                    source=PostSource.DEMO,
                    published_at=moment,
                    review_complete=True,
                    drafted_at=moment - dt.timedelta(hours=30),
                )
            )
            plans.append((len(posts) - 1, moment, signers))
    Post.objects.bulk_create(posts, batch_size=1000)
    steps = []
    for position, published, signers in plans:
        post = posts[position]
        for n, stage in enumerate(ALL_STAGES):
            person = n % 3  # reviews and proofs alike: editor, section head, leader
            user, name = signers[person]
            offset = dt.timedelta(hours=24 - 6 * person - (0 if Stage(stage).is_review else 1))
            steps.append(
                ReviewStep(
                    post=post,
                    stage=stage,
                    user=user,
                    signer=name,
                    at=published - offset,
                    opinion="同意",
                )
            )
    ReviewStep.objects.bulk_create(steps, batch_size=2000)
    audit.record(
        actor=audit.SYSTEM,
        action="media.demo_loaded",
        agency=bureau,
        changes={"accounts": len(accounts), "posts": len(posts), "review_steps": len(steps)},
    )
    return [
        f"政务新媒体：{len(accounts)} 个账号，{YEAR} 年发布信息 {len(posts)} 条（均有三审三校记录）"
    ]
