"""淮安市洪泽区人民政府's applications of 2024 and the 复议 and suits about them, made up to
match its published report's tables 三 and 四, each handled as its staff would.

Every application is received (online, or registered by the clerk), assigned to a handler who
signs for it, drafted by the handler, reviewed, signed by the leader (the reply letter is
issued then), delivered and archived, all through ``cases.services`` on dates of the 2024
working-day calendar and within the statutory time limit (the report says every reply was in
time); a few wait for a 补正 or are extended first. Table 三: 95 new applications, all from
自然人, none carried over; table 四: two 复议, one direct suit and three suits after 复议, one of
them about a 2023 application whose 复议 was decided in 2023. Applicants, ID numbers and
requests are made up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User

from gongkai.cases.outcomes import Disposition
from gongkai.workdays import Calendar
from gongkai_web.audit.services import Actor
from gongkai_web.cases import services
from gongkai_web.cases.models import Application, CaseSettings, ReviewCase
from gongkai_web.organizations.demo_hongze import AGENCY
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing.demo_sheets import spread, working_days

D = dt.date
PREFIX = "洪政公"
# A suit against a county-level government is heard first by the intermediate court
# (行政诉讼法 Art. 15(1)); the 复议机关, 淮安市人民政府, comes from the agency tree.
COURT = "淮安市中级人民法院"
PAYMENT = "持本通知书到洪泽区政务服务中心非税收入窗口缴纳（演示信息）"

# The published table 三's outcome rows, by the disposition that puts an application there.
PLAN: tuple[tuple[Disposition, int], ...] = (
    (Disposition.GRANTED, 30),
    (Disposition.ALREADY_PUBLIC, 20),  # granted: 50
    (Disposition.PARTIAL, 9),
    (Disposition.THREE_SECURITY, 1),  # deny_3
    (Disposition.PROCESS_INFO, 1),  # deny_6
    (Disposition.ENFORCEMENT_FILE, 1),  # deny_7
    (Disposition.NOT_EXIST, 20),
    (Disposition.NOT_OURS, 11),  # unable_1: 31
    (Disposition.NEED_CREATE, 1),  # unable_2
    (Disposition.PETITION, 1),  # noprocess_1
)
ASKED: dict[Disposition, tuple[str, ...]] = {
    Disposition.GRANTED: ("某地块征收补偿安置方案", "某村集体土地征收批复文件",
                          "某道路改造工程立项批复", "某小区规划许可证及附图",
                          "某河道整治工程验收材料"),
    Disposition.ALREADY_PUBLIC: ("本区2024年财政预算报告", "本区国土空间总体规划",
                                 "本区城乡低保标准调整通知"),
    Disposition.PARTIAL: ("某项目征收补偿协议汇总表", "某工程招标评标报告"),
    Disposition.THREE_SECURITY: ("某群体性事件处置预案",),
    Disposition.PROCESS_INFO: ("某专题会议讨论记录",),
    Disposition.ENFORCEMENT_FILE: ("某违法建设查处案卷",),
    Disposition.NOT_EXIST: ("1995年某村土地承包台账", "某企业改制时的职工安置名单",
                            "2003年某道路建设审批档案"),
    Disposition.NOT_OURS: ("某镇党委会议纪要", "某医院收费明细", "某银行贷款审批材料"),
    Disposition.NEED_CREATE: ("按村统计的近十年征地面积和补偿金额",),
    Disposition.PETITION: ("要求查处邻居违法搭建",),
}  # fmt: skip
REASONS: dict[Disposition, str] = {
    Disposition.PARTIAL: "其中含有第三方个人信息，公开会对第三方合法权益造成损害",
    Disposition.THREE_SECURITY: "该信息公开后可能危及社会稳定",
    Disposition.PROCESS_INFO: "该信息属于行政机关履行行政管理职能过程中形成的讨论记录",
    Disposition.ENFORCEMENT_FILE: "该信息属于行政执法案卷信息",
}  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "明华建国志强丽娟秀英海燕文军伟芳"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
Reconsideration = tuple[int, int, str, str]


@dataclass(frozen=True)
class Staff:
    agency: Agency
    clerk: Actor
    editor: Actor
    reviewer: Actor
    leader: Actor


def resident_id(n: int) -> str:
    """A made-up 洪泽区 (320813) number with a valid check character."""
    body = f"320813{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]


def applicant(n: int, asked: str) -> services.ApplicantData:
    name = SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)] + GIVEN[n * 7 % len(GIVEN)]
    by_mail = n % 4 == 0
    return services.ApplicantData(
        column="natural_person", name=name, id_type="resident_id", id_number=resident_id(n),
        phone=f"139{n:08d}", description=asked, provision_form="paper",
        delivery="post" if by_mail else "collect",
        address="淮安市洪泽区某街道某小区（演示）" if by_mail else "",
    )  # fmt: skip


def _staff(agency: Agency) -> Staff | None:
    people = {u.username: u for u in User.objects.filter(username__startswith="hongze_")}
    if len(people) < 4:
        return None
    return Staff(
        agency,
        Actor(people["hongze_clerk"], "clerk", agency),
        Actor(people["hongze_editor"], "clerk", agency),
        Actor(people["hongze_reviewer"], "reviewer", agency),
        Actor(people["hongze_leader"], "leader", agency),
    )


def load() -> list[str]:
    agency = Agency.objects.filter(name=AGENCY).first()
    staff = _staff(agency) if agency is not None else None
    if staff is None or CaseSettings.objects.filter(agency=staff.agency).exists():
        return []
    CaseSettings.objects.create(
        agency=staff.agency, letter_prefix=PREFIX, court=COURT, fee_payment=PAYMENT
    )
    calendar = Calendar.shipped()
    earlier = handle(
        staff, calendar, 0, Disposition.NOT_EXIST, D(2023, 11, 1), "2001年某村土地征收补偿发放名册"
    )
    plan = [d for d, count in PLAN for _ in range(count)]
    # Outcomes interleaved over the year rather than in blocks, receipt days spread from
    # January to early December so that every reply falls in 2024.
    order = sorted(range(len(plan)), key=lambda i: (i * 37) % len(plan))
    days = [d for d in working_days(calendar, 2024) if d <= D(2024, 12, 6)]
    cases: dict[Disposition, list[Application]] = {}
    for n, (index, received) in enumerate(zip(order, spread(days, len(plan)), strict=True), 1):
        disposition = plan[index]
        asked = ASKED[disposition][n % len(ASKED[disposition])]
        application = handle(staff, calendar, n, disposition, received, asked)
        cases.setdefault(disposition, []).append(application)
    lines = [f"依申请公开：{AGENCY} 2024 年 {len(plan)} 件（逐件登记、分办、答复、送达、归档）"]
    lines += reviews(staff, calendar, earlier, cases)
    return lines


def handle(
    staff: Staff,
    calendar: Calendar,
    n: int,
    disposition: Disposition,
    received: dt.date,
    asked: str,
) -> Application:
    """One application from receipt to archive; the handler alternates between the clerks.
    (Each service locks and reads the application afresh: the instance passed is only its key.)"""
    clerk, handler = staff.clerk, (staff.clerk if n % 2 else staff.editor)
    online = n % 3 != 0
    application = services.receive(
        actor=Actor(None, "public", None, "127.0.0.1") if online else clerk,
        agency=staff.agency, applicant=applicant(n, asked),
        channel="online" if online else "in_person", received_on=received, today=received,
        calendar=calendar,
    )  # fmt: skip
    day = calendar.add_working_days(received, 1)
    services.assign(actor=clerk, application=application, unit=staff.agency,
                    handler=handler.user, on=day, today=day)  # fmt: skip
    services.sign_for(actor=handler, application=application, on=day, today=day)
    if n % 19 == 7:  # unclear requests: one 补正, answered within the ten days given
        asked_on = calendar.add_working_days(received, 3)
        services.request_correction(
            actor=handler, application=application, on=asked_on, today=asked_on,
            items="请写明所需信息的文件名称、文号或形成时间",
            deadline=asked_on + dt.timedelta(days=14), calendar=calendar,
        )  # fmt: skip
        back = calendar.add_working_days(asked_on, 4)
        services.receive_correction(actor=handler, application=application, on=back,
                                    today=back)  # fmt: skip
        day = back
    if n % 31 == 11:  # material to gather from an archive: extended once, answered in time
        on = calendar.add_working_days(day, 10)
        services.extend(actor=staff.leader, application=application, on=on, today=on,
                        reason="所需信息需从档案中调取核对", calendar=calendar)  # fmt: skip
        day = on
    drafted = calendar.add_working_days(day, 4 + n % 9)
    reviewed = calendar.add_working_days(drafted, 1)
    signed = calendar.add_working_days(reviewed, 1)
    reason = REASONS.get(disposition, "")
    services.submit_draft(
        actor=handler, application=application, on=drafted, today=drafted,
        disposition=disposition.value, reason=reason,
        withheld=[("第三方的姓名、身份证号码和联系方式", "privacy")]
        if disposition is Disposition.PARTIAL else (),
        provision_note="纸质文本，当面领取或邮寄" if disposition.rule.provides else "",
    )  # fmt: skip
    services.review(actor=staff.reviewer, application=application, on=reviewed,
                    today=reviewed, approve=True)  # fmt: skip
    services.sign(actor=staff.leader, application=application, on=signed, today=signed)
    by_post = application.delivery == "post"
    delivered = calendar.add_working_days(signed, 2 if by_post else 1)
    services.deliver(
        actor=clerk, application=application, on=delivered, today=delivered,
        channel="post" if by_post else "in_person",
        proof=f"EMS 10{n:08d}（演示）" if by_post else f"{application.applicant_name}当面签收",
    )  # fmt: skip
    archived = calendar.add_working_days(delivered, 1)
    services.archive(actor=clerk, application=application, on=archived, today=archived)
    return fresh(application)


def fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


def reviews(
    staff: Staff,
    calendar: Calendar,
    earlier: Application,
    cases: dict[Disposition, list[Application]],
) -> list[str]:
    """Table 四 of 2024: 复议 upheld 1, corrected 1; a direct suit upheld; suits after 复议
    upheld 2 and 其他 1 (withdrawn), each filed within 15 days of its 复议 decision
    (行政诉讼法 Art. 45), on working days. The cases are about early replies, so all are
    decided in 2024."""
    partial, absent = cases[Disposition.PARTIAL], cases[Disposition.NOT_EXIST]
    # application; its 复议 (filed and decided, in days after the reply; result; number) or
    # None; then the suit (number, result, days to its decision)
    history: tuple[tuple[Application, Reconsideration | None, str, str, int], ...] = (
        (earlier, (20, 45, "upheld", "淮政复〔2023〕118号"), "（2024）苏08行初7号", "upheld", 120),
        (partial[0], (15, 60, "upheld", "淮政复〔2024〕36号"), "（2024）苏08行初52号", "upheld",
         90),
        (absent[0], (20, 65, "corrected", "淮政复〔2024〕41号"), "（2024）苏08行初60号", "other",
         40),
        (absent[1], None, "（2024）苏08行初71号", "upheld", 100),
    )  # fmt: skip
    for application, reconsideration, suit_number, suit_result, suit_days in history:
        assert application.closed_on is not None
        suit_on = workday(calendar, application.closed_on, 30)
        kind = "direct_suit"
        if reconsideration is not None:
            filed, decided, result, number = reconsideration
            decided_on = workday(calendar, application.closed_on, decided)
            filed_on = workday(calendar, application.closed_on, filed)
            _review(staff, application, "reconsideration", number, filed_on, result, decided_on)
            suit_on, kind = workday(calendar, decided_on, 10), "suit_after_reconsideration"
        _review(staff, application, kind, suit_number, suit_on, suit_result,
                workday(calendar, suit_on, suit_days))  # fmt: skip
    count = ReviewCase.objects.filter(agency=staff.agency, filed_on__year=2024).count()
    return [f"行政复议、行政诉讼：{AGENCY} 2024 年 {count} 件（另有 2023 年复议 1 件）"]


def workday(calendar: Calendar, day: dt.date, days: int) -> dt.date:
    """The first working day at least ``days`` calendar days after ``day``."""
    return calendar.add_working_days(day + dt.timedelta(days=days - 1), 1)


def _review(staff: Staff, application: Application, kind: str, number: str, filed: dt.date,
            result: str, decided: dt.date) -> None:  # fmt: skip
    review = services.record_review(actor=staff.clerk, application=application, kind=kind,
                                    filed_on=filed, today=filed, case_number=number)  # fmt: skip
    services.decide_review(actor=staff.clerk, review_case=review, result=result,
                           decided_on=decided, today=decided)  # fmt: skip
