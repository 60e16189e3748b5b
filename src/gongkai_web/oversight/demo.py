"""Demo 监督保障 of 新华区教育局, after the seed report's section 一（五）.

The leading group was reorganised on 1 March 2024 with the bureau's principal leader as 组长
and the 电教馆 as lead unit; the three rules the seed names; three 2024 training sessions
(one internal, one by the district, one by the city); a scoring standard modelled on the
《新华区教体系统新闻媒体发稿记分标准》, a few stories carried by news outlets, the 2024
mid-year and year-end scoring (run by the leader in charge; the mid-year table confirmed by
the district's 政务公开办, the year-end one awaiting its 审定), and the commendations announced
at the district's education conference. The people are made up, as in the other demo data.
"""

from __future__ import annotations

import datetime as dt
from typing import cast
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from gongkai.scoring.score import Period
from gongkai.workdays import Calendar
from gongkai_web.audit.services import SYSTEM, Actor
from gongkai_web.media_accounts.models import Post
from gongkai_web.organizations.models import Agency
from gongkai_web.oversight import selectors, services
from gongkai_web.oversight.models import Governed, GroupRole, GroupSeat, Organiser

BUREAU = "新华区教育局"
SHANGHAI = ZoneInfo("Asia/Shanghai")
YEAR = 2024

STANDARD = {
    "name": "新华区教体系统新闻媒体发稿记分标准",
    "awards": {
        "post.own": "0.1",
        "entry.own": "0.5",
        "report.national": "10",
        "report.provincial": "5",
        "report.city": "3",
        "report.district": "1",
    },
    "deductions": {
        "patrol_problem": "2",
        "review_returned": "0.5",
        "late_reply": "5",
        "late_publication": "2",
    },
}

RULES = (
    (
        "新华区教体系统信息安全管理规定",
        "新教〔2023〕31号",
        dt.date(2023, 8, 25),
        dt.date(2023, 9, 1),
        "信息发布前的保密审查、账号和口令管理、网站和政务新媒体的安全责任。",
        [Governed.MEDIA_ACCOUNT, Governed.PUBLISHING_REVIEW],
    ),
    (
        "教体系统新媒体发布“三审三校”制度",
        "新教〔2024〕8号",
        dt.date(2024, 2, 20),
        dt.date(2024, 3, 1),
        "新媒体信息发布前须经初审、复审、终审和一校、二校、三校，三审不得由同一人签署。",
        [Governed.MEDIA_REVIEW, Governed.PUBLISHING_REVIEW, Governed.PATROL],
    ),
    (
        "新华区教体系统新闻媒体发稿记分标准",
        "新教〔2024〕9号",
        dt.date(2024, 2, 20),
        dt.date(2024, 3, 1),
        "按稿件刊发媒体的级别记分，巡查和审核发现差错、逾期答复、超期公开相应扣分，"
        "实行年中、年终量化考核。",
        [Governed.SCORING, Governed.APPLICATION],
    ),
)


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _group(bureau: Agency, units: dict[str, Agency]) -> None:
    leader, clerk, reviewer = (
        _user("jiaoyu_leader"),
        _user("jiaoyu_clerk"),
        _user("jiaoyu_reviewer"),
    )
    old = services.appoint(
        actor=SYSTEM,
        agency=bureau,
        role=GroupRole.LEADER,
        name="赵领导",
        position="副局长",
        user=leader,
        effective_from=dt.date(2021, 3, 1),
    )
    services.appoint(
        actor=SYSTEM,
        agency=bureau,
        role=GroupRole.LEADER,
        name="钱局长",
        position="局党组书记、局长",
        effective_from=dt.date(YEAR, 3, 1),
        replaces=old,
    )
    for role, name, position, user in (
        (GroupRole.DEPUTY, "赵领导", "副局长", leader),
        (GroupRole.MEMBER, "孙馆长", "电教馆馆长", None),
        (GroupRole.MEMBER, "李审核", "办公室主任", reviewer),
        (GroupRole.MEMBER, "王登记", "电教馆政务公开专员", clerk),
    ):
        services.appoint(
            actor=SYSTEM,
            agency=bureau,
            role=role,
            name=name,
            position=position,
            user=user,
            effective_from=dt.date(YEAR, 3, 1),
        )
    services.assign_duty(
        actor=SYSTEM,
        agency=bureau,
        section="电教馆",
        unit=units.get("新华区电化教育馆"),
        lead=True,
        tasks="牵头政务公开日常工作：主动公开目录维护、政务新媒体巡查、年度报告编制，专人负责具体事务。",
        person="王登记",
        user=clerk,
        effective_from=dt.date(YEAR, 3, 1),
    )
    for section, tasks, person in (
        ("办公室", "依申请公开的登记、承办和答复，信息发布的保密审查。", "李审核"),
        ("基础教育股", "招生入学、学区划分等信息的及时公开和政策解读。", "周股长"),
        ("计划财务股", "部门预算、决算和收费信息的公开。", "吴股长"),
    ):
        services.assign_duty(
            actor=SYSTEM,
            agency=bureau,
            section=section,
            tasks=tasks,
            person=person,
            effective_from=dt.date(YEAR, 3, 1),
        )


def _training(bureau: Agency) -> None:
    people = [
        u for u in (_user(n) for n in ("jiaoyu_clerk", "jiaoyu_reviewer", "jiaoyu_leader")) if u
    ]
    for held_on, topic, kind, organiser, hours, who in (
        (dt.date(YEAR, 4, 18), "政务公开业务培训：条例解读与主动公开目录维护", Organiser.INTERNAL,
         BUREAU, "3", people),
        (dt.date(YEAR, 9, 12), "新华区2024年政务公开工作培训会", Organiser.DISTRICT,
         "新华区人民政府办公室（政务公开办）", "4", people[:2]),
        (dt.date(YEAR, 11, 20), "平顶山市政务公开业务交流座谈会", Organiser.CITY,
         "平顶山市人民政府办公室", "2", people[:1]),
    ):  # fmt: skip
        services.record_training(
            actor=SYSTEM,
            agency=bureau,
            held_on=held_on,
            topic=topic,
            organiser_kind=kind,
            organiser=organiser,
            hours=hours,
            attendees=who,
        )


def _scoring(bureau: Agency, standard_rule: object) -> list[str]:
    services.define_standard(
        actor=SYSTEM,
        agency=bureau,
        data=STANDARD,
        effective_from=dt.date(YEAR, 3, 1),
        rule=standard_rule,  # type: ignore[arg-type]
    )
    # A few stories carried by news outlets, on posts of the bureau and of two schools.
    carried = (
        ("新华教育", "学习强国", "national", 0),
        ("新华教育", "河南日报", "provincial", 3),
        ("新华区实验小学", "平顶山日报", "city", 1),
        ("新华区第一中学", "新华区融媒体中心", "district", 2),
    )
    for account, outlet, level, nth in carried:
        post = (
            Post.objects.filter(account__name=account, published_at__year=YEAR)
            .order_by("published_at", "pk")[nth : nth + 1]
            .first()
        )
        if post is not None and post.published_at is not None:
            services.record_carriage(
                actor=SYSTEM,
                post=post,
                outlet=outlet,
                level=level,
                carried_on=post.published_at.date() + dt.timedelta(days=1),
            )
    calendar = Calendar.shipped()
    lines = []
    leader, office = _user("jiaoyu_leader"), _user("xinhua_supervisor")
    scorer = Actor(leader, "leader", bureau) if leader else SYSTEM
    # Scored by the leader in charge in early July and early January, as the bureau does. The
    # district's 政务公开办 confirmed (审定) the mid-year table two days later; the year-end
    # one awaits its 审定 (a visitor signed in as the 政务公开办 can give it).
    for period, day in (
        (Period.MID_YEAR, dt.date(YEAR, 7, 5)),
        (Period.YEAR_END, dt.date(YEAR + 1, 1, 8)),
    ):
        run = services.run_scoring(
            actor=scorer,
            agency=bureau,
            year=YEAR,
            period=period,
            calendar=calendar,
            at=dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI),
        )
        if office is not None and period is Period.MID_YEAR:
            run = services.confirm_run(
                actor=Actor(office, "supervisor"),
                run=run,
                note="经核对记分条目，同意。",
                at=dt.datetime.combine(day + dt.timedelta(days=2), dt.time(15), tzinfo=SHANGHAI),
            )
        lines.append(f"{period.label} {run.line_count} 条，{run.get_status_display()}")
    year_end = selectors.latest_run(bureau, YEAR, Period.YEAR_END)
    units, _ = selectors.tables(year_end) if year_end else ([], [])
    for row in units[:2]:
        unit = Agency.objects.get(pk=cast(int, row.key))  # a unit row is keyed by its unit
        services.commend(
            actor=SYSTEM,
            agency=bureau,
            year=YEAR,
            title="政务公开工作先进集体",
            unit=unit,
            reason=f"{YEAR}年年终量化考核第{row.rank}名（{row.total.normalize()}分）",
            announced_on=dt.date(YEAR + 1, 1, 15),
            run=year_end,
        )
    clerk = _user("jiaoyu_clerk")
    if clerk is not None:
        services.commend(
            actor=SYSTEM,
            agency=bureau,
            year=YEAR,
            title="政务公开工作先进个人",
            unit=bureau,
            person=clerk,
            reason="牵头完成主动公开目录维护和政务新媒体巡查，全年无差错。",
            announced_on=dt.date(YEAR + 1, 1, 15),
            run=year_end,
        )
    return lines


def load() -> list[str]:
    bureau = Agency.objects.filter(name=BUREAU).first()
    if bureau is None or GroupSeat.objects.filter(agency=bureau).exists():
        return []
    units = {a.name: a for a in Agency.objects.filter(path__startswith=bureau.path)}
    _group(bureau, units)
    rules = {}
    for title, number, issued, effective, summary, governs in RULES:
        rules[title] = services.issue_rule(
            actor=SYSTEM,
            agency=bureau,
            title=title,
            number=number,
            issued_on=issued,
            effective_from=effective,
            summary=summary,
            governs=governs,
        )
    _training(bureau)
    scored = _scoring(bureau, rules["新华区教体系统新闻媒体发稿记分标准"])
    return [
        "监督保障：领导小组（2024年3月重组，组长为局主要领导，电教馆牵头）、3 项制度、"
        f"3 次培训、记分标准和 {YEAR} 年量化考核（{'，'.join(scored)}）、表彰"
    ]
