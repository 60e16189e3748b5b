"""淮安市洪泽区人民政府's catalogue and 2024 registers, entered as its staff would.

Its published 2024 report's table 二: no 规章; 行政规范性文件 3 issued in 2024, none repealed, 8
in force; 9487 licensing, 2776 penalty and 84 coercion decisions; 7545 万元 of fees. The eight
行政规范性文件 (five from earlier years) and their 解读 pass 保密审查, 初审, 复审 and 终审 by the
agency's four people; the registers arrive as the clerk's 台账 files (XLSX) through the import.
Titles, numbers, parties and amounts are made up and marked 演示.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from django.contrib.auth.models import User

from gongkai.publishing import review
from gongkai.workdays import Calendar
from gongkai_web.audit.services import Actor
from gongkai_web.organizations.demo_hongze import AGENCY
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing import demo_sheets, services
from gongkai_web.publishing.models import (
    Category,
    DecisionKind,
    DecisionRecord,
    DocKind,
    Entry,
    FeeRecord,
)
from gongkai_web.publishing.workflow import SecrecyConclusion

YEAR = 2024
TREE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("机构职能", ()),
    ("政策文件", ("行政规范性文件", "政策解读", "其他文件")),
    ("政府信息公开年报", ()),
)
# 文号, 印发日期, the 办法's subject: the 行政规范性文件 in force on 31 December 2024.
NORMATIVE: tuple[tuple[str, dt.date, str], ...] = (
    ("洪政规〔2020〕1号", dt.date(2020, 6, 15), "城乡居民最低生活保障实施办法"),
    ("洪政规〔2021〕1号", dt.date(2021, 3, 22), "农村住房建设管理办法"),
    ("洪政规〔2022〕1号", dt.date(2022, 5, 10), "临时救助实施细则"),
    ("洪政规〔2022〕2号", dt.date(2022, 9, 14), "城市绿化管理办法"),
    ("洪政规〔2023〕1号", dt.date(2023, 7, 18), "住宅小区物业服务管理办法"),
    ("洪政规〔2024〕1号", dt.date(2024, 3, 12), "促进民营经济高质量发展若干措施"),
    ("洪政规〔2024〕2号", dt.date(2024, 6, 18), "洪泽湖渔业资源保护管理办法"),
    ("洪政规〔2024〕3号", dt.date(2024, 10, 22), "养老服务补贴发放管理办法"),
)
REVIEWERS = (
    (review.Stage.SECRECY, "hongze_reviewer"),
    (review.Stage.FIRST, "hongze_editor"),
    (review.Stage.SECOND, "hongze_reviewer"),
)
FINAL = (review.Stage.FINAL, "hongze_leader")

# kind, count, 文号 prefix, matters, decisions (the published table 二's counts)
DECISIONS: tuple[tuple[str, int, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        DecisionKind.LICENSING, 9487, "洪审批许",
        ("食品经营许可", "建设工程施工许可", "道路运输经营许可", "排水许可", "药品零售许可",
         "公共场所卫生许可"),
        ("准予行政许可",),
    ),
    (
        DecisionKind.PENALTY, 2776, "洪综执罚决",
        ("违反城市市容和环境卫生管理规定", "违法占道经营", "未按规定停放车辆", "违规排放污水"),
        ("警告", "罚款200元", "罚款500元", "罚款2000元"),
    ),
    (
        DecisionKind.COERCION, 84, "洪综执强",
        ("查封违法经营场所", "扣押违法经营工具"),
        ("查封", "扣押"),
    ),
)  # fmt: skip
# item, basis, share of the year's 75,450,000 元 (in ‰)
FEES: tuple[tuple[str, str, int], ...] = (
    ("城市基础设施配套费（演示）", "（演示）江苏省城市基础设施配套费征收管理规定", 520),
    ("防空地下室易地建设费（演示）", "（演示）江苏省防空地下室易地建设费收费规定", 210),
    ("不动产登记费（演示）", "（演示）不动产登记收费标准", 160),
    ("污水处理费（演示）", "（演示）污水处理费征收使用管理办法", 110),
)
FEE_TOTAL = Decimal("75450000.00")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "明华建国志强丽娟秀英海燕文军伟芳"


def _people() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__startswith="hongze_")}


def load() -> list[str]:
    agency = Agency.objects.filter(name=AGENCY).first()
    people = _people()
    if agency is None or len(people) < 4:
        return []
    clerk = Actor(people["hongze_clerk"], "clerk", agency)
    calendar = Calendar.shipped()
    lines: list[str] = []
    if not Category.objects.filter(agency=agency).exists():
        for position, (name, children) in enumerate(TREE):
            parent = services.create_category(
                actor=clerk, agency=agency, name=name, position=position
            )
            for child_position, child in enumerate(children):
                services.create_category(
                    actor=clerk, agency=agency, name=child, parent=parent, position=child_position
                )
        lines.append(f"目录分类：{AGENCY} {Category.objects.filter(agency=agency).count()} 个")
    if not Entry.objects.filter(agency=agency).exists():
        for number, issued, subject in NORMATIVE:
            _publish_with_interpretation(agency, people, calendar, number, issued, subject)
        lines.append(f"目录条目：{AGENCY} 行政规范性文件 {len(NORMATIVE)} 件及其解读（已审核公开）")
    if not DecisionRecord.objects.filter(agency=agency).exists():
        days = demo_sheets.working_days(calendar, YEAR)
        for kind, count, prefix, matters, outcomes in DECISIONS:
            label = DecisionKind(kind).label
            name = f"洪泽区{YEAR}年{label}决定台账.xlsx"
            data = demo_sheets.decisions_file(
                _decision_rows(count, prefix, matters, outcomes, days)
            )
            added = services.import_decisions(
                actor=clerk, agency=agency, kind=kind, name=name, data=data
            )
            lines.append(f"{label}决定：{AGENCY} {len(added)} 件（{YEAR} 年，导入“{name}”）")
    if not FeeRecord.objects.filter(agency=agency).exists():
        name = f"洪泽区{YEAR}年行政事业性收费台账.xlsx"
        data = demo_sheets.fees_file(_fee_rows(calendar))
        added_fees = services.import_fees(actor=clerk, agency=agency, name=name, data=data)
        total = sum((fee.amount for fee in added_fees), Decimal(0)) / 10000
        lines.append(f"行政事业性收费：{AGENCY} {total.normalize():f} 万元（导入“{name}”）")
    return lines


def _publish_with_interpretation(
    agency: Agency,
    people: dict[str, User],
    calendar: Calendar,
    number: str,
    issued: dt.date,
    subject: str,
) -> None:
    """三同步: the document goes to 终审 once its 解读 has passed 终审 and is public."""
    clerk = Actor(people["hongze_clerk"], "clerk", agency)
    published = calendar.add_working_days(issued, 3)
    title = f"淮安市洪泽区人民政府关于印发《洪泽区{subject}》的通知"
    document = services.create_entry(
        actor=clerk, agency=agency, title=title, doc_number=number, written_on=issued,
        formed_on=issued, issued_on=issued, doc_kind=DocKind.NORMATIVE,
        category=Category.objects.get(agency=agency, name="行政规范性文件"),
        summary=f"《洪泽区{subject}》全文（演示）。",
        body=f"各镇人民政府，区各有关部门：现将《洪泽区{subject}》印发给你们，请认真贯彻执行。"
        "（演示文本）",
        keywords="行政规范性文件", genre="通知", topic="综合政务",
    )  # fmt: skip
    services.submit(actor=clerk, entry=document)
    _review(agency, people, document, published, REVIEWERS)
    reading = services.create_entry(
        actor=clerk, agency=agency, title=f"《洪泽区{subject}》政策解读", written_on=issued,
        formed_on=issued, category=Category.objects.get(agency=agency, name="政策解读"),
        summary=f"《洪泽区{subject}》的制定背景、主要内容和适用范围（演示）。",
        body=f"一、制定背景。二、主要内容。三、适用范围。（《洪泽区{subject}》解读，演示文本）",
        keywords="政策解读", genre="解读", topic="综合政务", interprets=document,
    )  # fmt: skip
    services.submit(actor=clerk, entry=reading)
    _review(agency, people, reading, published, (*REVIEWERS, FINAL))
    _review(agency, people, Entry.objects.get(pk=document.pk), published, (FINAL,))


def _review(
    agency: Agency,
    people: dict[str, User],
    entry: Entry,
    on: dt.date,
    stages: tuple[tuple[review.Stage, str], ...],
) -> None:
    for stage, username in stages:
        entry = services.decide(
            actor=Actor(user=people[username], agency=agency), entry=entry, stage=stage,
            passed=True, opinion="同意", on=on,
            conclusion=SecrecyConclusion.NONE if stage is review.Stage.SECRECY else "",
        )  # fmt: skip


def _decision_rows(
    count: int,
    prefix: str,
    matters: tuple[str, ...],
    outcomes: tuple[str, ...],
    days: list[dt.date],
) -> Iterator[tuple[str, str, str, dt.date, str, str]]:
    for n, day in enumerate(demo_sheets.spread(days, count), start=1):
        if n % 3:  # two in three are businesses
            party, kind = (
                f"洪泽区{SURNAMES[n % len(SURNAMES)]}氏{n}号商贸有限公司（演示）",
                "法人或其他组织",
            )
        else:
            party = SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)] + GIVEN[n * 7 % len(GIVEN)]
            kind = "自然人"
        matter = matters[n % len(matters)]
        yield (
            f"{prefix}〔{YEAR}〕{n}号（演示）",
            party,
            kind,
            day,
            matter,
            outcomes[n % len(outcomes)],
        )


def _fee_rows(calendar: Calendar) -> list[tuple[str, str, Decimal, dt.date]]:
    """Monthly collections of each item, adding up to the year's total to the cent."""
    days = demo_sheets.working_days(calendar, YEAR)
    month_ends = [max(d for d in days if d.month == month) for month in range(1, 13)]
    rows: list[tuple[str, str, Decimal, dt.date]] = []
    for item, basis, share in FEES:
        item_total = FEE_TOTAL * share / 1000
        weights = [8 + (month * 5 + share) % 7 for month in range(12)]
        amounts = [(item_total * w / sum(weights)).quantize(Decimal("0.01")) for w in weights]
        amounts[-1] += item_total - sum(amounts)
        rows += [(item, basis, a, day) for a, day in zip(amounts, month_ends, strict=True)]
    return rows
