"""Demo applications for the 新华区 departments, made up.

新华区教育局 had no applications in 2024 (its published report says so), so it gets none for
that year: only two recent ones still being handled. 新华区财政局 and 新华区卫生健康委员会
get a 2024 ledger of closed and carried-over applications and a few open 2026 ones.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from gongkai.workdays import Calendar
from gongkai_web.audit.services import Actor
from gongkai_web.cases import ledger, services
from gongkai_web.cases.models import Application, CaseSettings
from gongkai_web.organizations.models import Agency, Role

D = dt.date
DEMO_COURT = "新华区人民法院"
DEMO_PAYMENT = (
    "持本通知书到新华区政务服务中心非税收入收缴窗口缴纳，或者通过河南省非税收入电子缴款平台"
    "在线缴纳（演示信息），缴款后请将缴款凭证号告知本机关"
)
PREFIXES = {"新华区教育局": "新教公", "新华区财政局": "新财公", "新华区卫生健康委员会": "新卫公"}

PEOPLE = (
    ("natural_person", "刘一", "resident_id", "11010519491231002X"),
    ("natural_person", "陈二", "resident_id", "110101199003071233"),
    ("commercial", "平顶山某建材有限公司", "credit_code", "91350100M000100Y43"),
    ("legal_services", "河南某律师事务所", "credit_code", "91110108MA01ABCD1E"),
)
# agency, person index, received, outcome row (or ""), reply date, what was asked
HISTORY = (
    ("新华区财政局", 0, D(2024, 3, 4), "granted", D(2024, 3, 20), "2023年区级一般公共预算执行情况"),
    ("新华区财政局", 2, D(2024, 5, 13), "deny_4", D(2024, 6, 7), "某采购项目投标文件"),
    ("新华区财政局", 1, D(2024, 8, 1), "unable_1", D(2024, 8, 22), "2015年某专项资金拨付凭证"),
    ("新华区财政局", 3, D(2024, 12, 16), "partial", D(2025, 1, 10), "政府购买服务合同"),
    ("新华区财政局", 0, D(2024, 10, 9), "other_3", D(2024, 10, 12), "申请后书面撤回"),
    ("新华区卫生健康委员会", 1, D(2024, 4, 8), "granted", D(2024, 4, 26), "辖区医疗机构名单"),
    ("新华区卫生健康委员会", 0, D(2024, 9, 2), "noprocess_1", D(2024, 9, 10), "投诉某诊所收费"),
    (
        "新华区卫生健康委员会",
        2,
        D(2024, 11, 25),
        "unable_2",
        D(2024, 12, 20),
        "按街道统计的接种数据",
    ),
)
OPEN = (
    ("新华区财政局", 1, D(2026, 11, 16), "2026年区级国有资本经营预算"),
    ("新华区卫生健康委员会", 3, D(2026, 11, 23), "2026年公共卫生服务项目资金分配"),
    ("新华区教育局", 0, D(2026, 11, 20), "2026年秋季学期义务教育招生划片范围"),
    ("新华区教育局", 2, D(2026, 11, 24), "2026年教育装备采购项目中标结果"),
)


def _person(index: int, description: str) -> services.ApplicantData:
    column, name, id_type, number = PEOPLE[index]
    return services.ApplicantData(
        column=column,
        name=name,
        id_type=id_type,
        id_number=number,
        phone="13800000000",
        description=description,
        provision_form="paper",
        delivery="collect",
        legal_representative="张经理" if column != "natural_person" else "",
    )


def load() -> list[str]:
    if CaseSettings.objects.filter(agency__name="新华区财政局").exists():
        return []
    lines: list[str] = []
    agencies = {a.name: a for a in Agency.objects.filter(name__in=PREFIXES)}
    for name, prefix in PREFIXES.items():
        # The 复议机关 of a district department is the district government, derived from the
        # tree (行政复议法 Art. 24); the court cannot be derived, so the demo names it.
        CaseSettings.objects.create(
            agency=agencies[name], letter_prefix=prefix, court=DEMO_COURT, fee_payment=DEMO_PAYMENT
        )
    for name in ("新华区财政局", "新华区卫生健康委员会"):
        rows = [
            ledger.Parsed(
                row=i,
                applicant=services.clean_applicant(_person(p, asked)),
                channel="in_person",
                received=received,
                outcome_row=row,
                closed=closed,
                reply_number="",
            )
            for i, (agency, p, received, row, closed, asked) in enumerate(HISTORY, start=2)
            if agency == name
        ]
        clerk = User.objects.filter(role_grants__agency=agencies[name]).first()
        ledger.save(actor=Actor(clerk, "clerk", agencies[name]), agency=agencies[name], parsed=rows)
        lines.append(f"依申请公开台账：{name} 2024 年 {len(rows)} 件")
    calendar = Calendar.shipped()
    for name, p, received, asked in OPEN:
        agency = agencies[name]
        application = services.receive(
            actor=Actor(None, "public", None, "127.0.0.1"),
            agency=agency,
            applicant=_person(p, asked),
            channel="online",
            received_on=received,
            today=max(received, D(2026, 11, 27)),
            calendar=calendar,
        )
        lines.append(f"依申请公开：{name} {application.tracking_number}（{asked}）")
    health = agencies["新华区卫生健康委员会"]
    complained = Application.objects.filter(agency=health, outcome_row="noprocess_1").first()
    clerk = User.objects.filter(role_grants__agency=health, role_grants__role=Role.CLERK).first()
    if complained is not None and clerk is not None:
        by = Actor(clerk, "clerk", health)
        review = services.record_review(
            actor=by, application=complained, kind="reconsideration", filed_on=D(2024, 10, 15),
            today=D(2024, 10, 15), case_number="平政复〔2024〕41号",
        )  # fmt: skip
        services.decide_review(actor=by, review_case=review, result="upheld",
                               decided_on=D(2024, 12, 5), today=D(2024, 12, 5))  # fmt: skip
        lines.append("行政复议：新华区卫生健康委员会 1 件（维持）")
    return lines
