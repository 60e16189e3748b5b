"""Demo data of the publishing app: 新华区教育局's catalogue and its 2024 registers.

The registers match the seed report's table 二 (16 licensing decisions, no penalties or
coercion, 3.1 万元 of fees, no 规章 or 行政规范性文件 in force); they arrive as the clerk's 台账
files (XLSX, built in memory) through the registers' import. Parties, numbers and fee
documents are made up and marked 演示.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from gongkai.publishing import review
from gongkai.publishing.registers import DecisionRow
from gongkai_web.audit.services import SYSTEM, Actor
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing import demo_sheets, services
from gongkai_web.publishing.models import (
    Category,
    DecisionKind,
    DecisionRecord,
    Entry,
    FeeRecord,
    Guide,
    SensitiveWord,
)
from gongkai_web.publishing.workflow import SecrecyConclusion

AGENCY = "新华区教育局"

TREE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("机构职能", ("机构概况", "领导信息", "内设机构")),
    ("法规文件", ("规范性文件", "其他文件")),
    ("规划计划", ()),
    ("财政信息", ("部门预算", "部门决算")),
    ("招生入学", ("义务教育招生", "高中招生")),
    ("学区划分", ()),
    ("民办学校", ("办学许可",)),
    ("教师队伍", ("教师招聘", "职称评审")),
    ("教育督导", ()),
    ("政府信息公开年报", ()),
)

# category, title, 文号, 成文日期, publication date, summary, body, keywords
ENTRIES: tuple[tuple[str, str, str, dt.date, dt.date, str, str, str], ...] = (
    ("机构概况", "新华区教育局机构职能", "", dt.date(2024, 1, 8), dt.date(2024, 1, 10),
     "新华区教育局的主要职责、内设机构和联系方式。",
     "新华区教育局是区人民政府工作部门，负责贯彻执行国家教育方针政策，统筹全区各级各类教育发展。"
     "办公时间：工作日 8:30–12:00，14:30–17:30。", "机构职能 联系方式"),
    ("义务教育招生", "新华区2024年义务教育阶段学校招生入学工作方案", "新教〔2024〕12号",
     dt.date(2024, 5, 20), dt.date(2024, 5, 27),
     "2024年小学一年级和初中一年级招生的对象、学区和时间安排。",
     "为做好2024年义务教育阶段学校招生入学工作，根据有关规定，结合我区实际，制定本方案。"
     "适龄儿童少年按学区划分免试就近入学，申请入学须提交户籍和居住证明。", "招生 入学 学区"),
    ("学区划分", "新华区2024年公办小学学区划分", "", dt.date(2024, 5, 20), dt.date(2024, 5, 28),
     "全区公办小学的学区范围。", "新华区实验小学学区：中兴路以东、建设路以北。", "学区 小学"),
    ("部门预算", "新华区教育局2024年部门预算公开", "", dt.date(2024, 2, 1), dt.date(2024, 2, 8),
     "2024年部门收支预算、三公经费预算及说明。", "按照预算公开要求，现将新华区教育局2024年部门预算公开如下。",  # noqa: E501
     "预算 三公经费"),
    ("办学许可", "关于民办学校办学许可审批结果的公示", "", dt.date(2024, 9, 2), dt.date(2024, 9, 6),
     "2024年度民办学校办学许可审批结果。", "经审查，对符合条件的申请人准予行政许可。", "办学许可 民办学校"),  # noqa: E501
    ("教师招聘", "新华区2024年公开招聘中小学教师公告", "", dt.date(2024, 6, 3), dt.date(2024, 6, 5),
     "招聘岗位、名额、报考条件和报名方式。", "根据工作需要，面向社会公开招聘中小学教师，报名采取网上申请方式。",  # noqa: E501
     "招聘 教师"),
    ("教育督导", "新华区2024年中小学校责任督学挂牌督导工作报告", "", dt.date(2024, 12, 10),
     dt.date(2024, 12, 16), "责任督学挂牌督导的开展情况和发现的问题。",
     "全年共开展经常性督导检查，督促学校整改问题。", "督导 督学"),
)  # fmt: skip

# 16 licensing decisions in 2024: 民办学校办学许可 (the seed report's table 二).
LICENSES = tuple(
    DecisionRow(
        number=f"新教民许〔2024〕{n}号（演示）",
        party=f"新华区第{n}民办培训学校（演示）",
        party_kind="organisation",
        decided_on=dt.date(2024, 1 + (n - 1) * 11 // 15, 10 + n % 15),
        matter="民办学校办学许可",
        decision="准予行政许可",
    )
    for n in range(1, 17)
)
FEES: tuple[tuple[str, str, str, dt.date], ...] = (
    ("教师资格认定体检费（演示）", "（演示）收费依据文件", "12000.00", dt.date(2024, 4, 15)),
    ("教师资格认定体检费（演示）", "（演示）收费依据文件", "10500.00", dt.date(2024, 10, 18)),
    ("普通话水平测试费（演示）", "（演示）收费依据文件", "8500.00", dt.date(2024, 11, 20)),
)
WORDS: tuple[tuple[str, str, str], ...] = (
    ("国家教委", "obsolete", "教育部"),
    ("教育局局长助理", "wrong", "教育局党组成员"),
    ("政府信息公开条列", "wrong", "政府信息公开条例"),
    ("内部资料", "sensitive", ""),
    ("绝密", "sensitive", ""),
)
REVIEWERS = (
    (review.Stage.SECRECY, "jiaoyu_reviewer"),
    (review.Stage.FIRST, "jiaoyu_editor"),
    (review.Stage.SECOND, "jiaoyu_reviewer"),
    (review.Stage.FINAL, "jiaoyu_leader"),
)


def load() -> list[str]:
    agency = Agency.objects.filter(name=AGENCY).first()
    if agency is None:
        return []
    lines: list[str] = []
    for word, kind, suggestion in WORDS:
        if not SensitiveWord.objects.filter(agency=None, word=word).exists():
            services.add_sensitive_word(actor=SYSTEM, word=word, kind=kind, suggestion=suggestion)
    if not Category.objects.filter(agency=agency).exists():
        for position, (name, children) in enumerate(TREE):
            parent = services.create_category(
                actor=SYSTEM, agency=agency, name=name, position=position
            )
            for child_position, child in enumerate(children):
                services.create_category(
                    actor=SYSTEM, agency=agency, name=child, parent=parent, position=child_position
                )
        lines.append(f"目录分类：{AGENCY} {Category.objects.filter(agency=agency).count()} 个")
    people = {u.username: u for u in User.objects.filter(username__startswith="jiaoyu_")}
    if len(people) >= 4 and not Entry.objects.filter(agency=agency).exists():
        for category, title, number, written, published, summary, body, words in ENTRIES:
            clerk = Actor(user=people["jiaoyu_clerk"], role="clerk", agency=agency)
            entry = services.create_entry(
                actor=clerk, agency=agency, title=title, doc_number=number, written_on=written,
                formed_on=written, category=Category.objects.get(agency=agency, name=category),
                summary=summary, body=body, keywords=words, genre="通知" if number else "其他",
                topic="教育",
            )  # fmt: skip
            services.submit(actor=clerk, entry=entry)
            for stage, username in REVIEWERS:
                services.decide(
                    actor=Actor(user=people[username], agency=agency), entry=entry, stage=stage,
                    passed=True, opinion="同意", on=published,
                    conclusion=SecrecyConclusion.NONE if stage is review.Stage.SECRECY else "",
                )  # fmt: skip
        lines.append(f"目录条目：{len(ENTRIES)} 条（已审核公开）")
    if not DecisionRecord.objects.filter(agency=agency).exists() and "jiaoyu_clerk" in people:
        name = "2024年民办学校办学许可决定台账.xlsx"
        data = demo_sheets.decisions_file(demo_sheets.decision_cells(row) for row in LICENSES)
        services.import_decisions(
            actor=Actor(user=people["jiaoyu_clerk"], role="clerk", agency=agency),
            agency=agency, kind=DecisionKind.LICENSING, name=name, data=data,
        )  # fmt: skip
        lines.append(f"行政许可决定：{len(LICENSES)} 件（2024 年，导入“{name}”）")
    if not FeeRecord.objects.filter(agency=agency).exists() and "jiaoyu_clerk" in people:
        name = "2024年行政事业性收费台账.xlsx"
        services.import_fees(
            actor=Actor(user=people["jiaoyu_clerk"], role="clerk", agency=agency),
            agency=agency, name=name, data=demo_sheets.fees_file(FEES),
        )  # fmt: skip
        lines.append(f"行政事业性收费：3.1 万元（2024 年，导入“{name}”）")
    if not Guide.objects.filter(agency=agency).exists() and "jiaoyu_clerk" in people:
        actor = Actor(user=people["jiaoyu_clerk"], agency=agency)
        services.publish_guide(actor=actor, agency=agency)
        lines.append("政府信息公开指南：第 1 版")
    return lines
