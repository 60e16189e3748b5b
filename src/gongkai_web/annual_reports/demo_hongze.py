"""淮安市洪泽区人民政府's 2024 report, generated from the records the other demo_hongze modules
enter, compiled, reviewed, signed and published by its three people.

Its tables equal the published report's (../shared/corpus/reference/hongze-2024.json) in every
cell the report prints. The narrative follows the published text; each figure in it is a token
for the records (a table cell or a fact), so where the demo has fewer records than the district
(its website's 2428 items) the text says what the records say.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from gongkai_web.annual_reports import checks, services
from gongkai_web.annual_reports.models import AnnualReport
from gongkai_web.audit.services import Actor
from gongkai_web.organizations.demo_hongze import AGENCY
from gongkai_web.organizations.models import Agency

YEAR = 2024
AS_OF = dt.datetime(2025, 1, 15, 9, 0)
PUBLISHED_ON = dt.date(2025, 1, 24)

PARTS = {
    "preamble": (
        "本报告由淮安市洪泽区人民政府办公室根据《中华人民共和国政府信息公开条例》（以下简称"
        "《条例》）要求编制。报告中所列数据统计期限自2024年1月1日起至2024年12月31日止。如对本"
        "报告有疑问，请与淮安市洪泽区人民政府办公室联系。"
    ),
    "proactive": (
        "主要通过政府门户网站主动公开政府文件、项目审批、通知公告等各类政府信息。2024年，主动"
        "公开政府信息{{publishing.entries}}条，其中制发行政规范性文件"
        "{{table2.normative_documents.issued}}件，现行有效的行政规范性文件"
        "{{table2.normative_documents.in_force}}件。全年作出行政许可决定{{table2.licensing}}件、"
        "行政处罚决定{{table2.penalty}}件、行政强制决定{{table2.coercion}}件，收取行政事业性收费"
        "{{table2.fees}}万元。"
    ),
    "on_request": (
        "根据《条例》和上级部门关于依申请办理的规范要求，强化组织领导、规范办理流程，确保依申请"
        "答复工作规范高效。2024年，本年新收政府信息公开申请{{table3.new[6]}}件，上年结转"
        "{{table3.carried[6]}}件，办结{{table3.total[6]}}件，均在法定期限内予以答复；结转下年度"
        "继续办理{{table3.carry_next[6]}}件。全年发生政府信息公开行政复议{{table4[4]}}件、"
        "行政诉讼{{table4[9]}}件（未经复议直接起诉）和{{table4[14]}}件（复议后起诉）。"
    ),
    "management": (
        "加强区政府门户网站及政务新媒体日常管理，严格执行“分级审核、先审后发”程序，落实"
        "“三审三校”制度，从严从实把好政治关、法律关、政策关、保密关、文字关，未经审核的信息"
        "一律不准发布。"
    ),
    "platforms": (
        "加强对区政府网站、政务新媒体的监管，按照政务新媒体管理标准定期检查，对未及时更新、"
        "不良链接等问题督促整改，确保公开信息及时准确规范。"
    ),
    "oversight": ("将政府信息公开工作纳入全区高质量发展考核内容，促进信息公开工作持续向好。"),
    "problems": (
        "全区政府信息公开工作仍存在一些不足，主要是：个别部门对复杂申请件的研判能力不足，答复"
        "文书规范性有待提升，政策解读的形式还不够丰富。\n\n"
        "2025年，一是扎实推进依申请公开工作，优化工作流程、健全工作机制；二是加强对典型案例的"
        "研究、梳理和汇总，更新答复书模板，降低行政复议、行政诉讼纠错率；三是继续加强业务指导"
        "培训，提高工作人员业务水平。"
    ),
    "other": (
        "2024年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费"
        "{{cases.fee_yuan}}元。"
    ),
}
ROLES = (("hongze_clerk", "clerk"), ("hongze_reviewer", "reviewer"), ("hongze_leader", "leader"))


def load() -> list[str]:
    agency = Agency.objects.filter(name=AGENCY).first()
    if agency is None or AnnualReport.objects.filter(agency_name=AGENCY, year=YEAR).exists():
        return []
    people = {u.username: u for u in User.objects.filter(username__in=[u for u, _ in ROLES])}
    if len(people) < len(ROLES):
        return []
    clerk, reviewer, leader = (Actor(people[u], role, agency) for u, role in ROLES)
    stored = services.create_report(
        actor=clerk, agency=agency, year=YEAR, as_of=timezone.make_aware(AS_OF)
    )
    stored = services.save_narrative(actor=clerk, stored=stored, parts=PARTS)
    for finding in services.findings(stored, today=PUBLISHED_ON):
        if finding.severity == "warning":
            services.acknowledge(
                actor=clerk, stored=stored, key=checks.finding_key(finding), text="演示：已核实。"
            )
    stored = services.submit(actor=clerk, stored=stored, today=PUBLISHED_ON)
    stored = services.review(actor=reviewer, stored=stored, today=PUBLISHED_ON)
    stored = services.sign(actor=leader, stored=stored, today=PUBLISHED_ON)
    stored = services.publish(actor=clerk, stored=stored, today=PUBLISHED_ON)
    return [f"年度报告：{stored}（由记录生成，已公开）"]
