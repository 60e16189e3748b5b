"""The wording of each letter: a built-in template per kind (and, for replies and closing
letters, per outcome), replaceable by an administrator (LetterTemplate in the admin). A template
is Django template text, one paragraph per line.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Engine

from gongkai.cases import grounds
from gongkai.cases.outcomes import Disposition
from gongkai.cases.remedies import AgencyNode, Remedy, RemedyPath, path_for, reconsideration_body
from gongkai.documents import hygiene
from gongkai.documents.gbt9704 import Colophon, LetterFormat, chinese_date
from gongkai.documents.gbt9704 import Letter as LetterDoc
from gongkai_web.cases.models import (
    Application,
    CaseSettings,
    Channel,
    Consultation,
    Delivery,
    LetterKind,
    LetterTemplate,
    ProvisionForm,
)
from gongkai_web.organizations.models import Agency, Kind

# The fields a template may use, shown to the administrator editing one.
CONTEXT_HELP = (
    "applicant 申请人；agency 本机关；received 收到申请日期；tracking 查询码；channel 渠道；"
    "description 申请内容；due 答复期限；extended_due 延期后期限；items 补正事项；"
    "correction_deadline 补正期限；reason 理由；decision 决定；basis 法律依据；"
    "provision 提供方式（申请人选择的提供形式、获取方式及说明）；provision_form 提供形式；"
    "delivery 获取方式；withheld 不予公开部分；amount 金额；method 收费方式；quantity 数量；"
    "unit 计费单位；tiers 收费明细；pay_by 缴费截止日期；payment 缴费方式；"
    "fee_notice 收费通知送达日期；correction_requested 补正告知日期；closed 办结日期；"
    "party 征求意见对象；handoff 转交信访、投诉举报或12345的说明；"
    "remedies 救济途径（按答复类型生成的整句）；"
    "reconsideration_days、reconsideration_body、litigation_months、court 救济途径的各部分"
)

# The clause is composed by gongkai.cases.remedies from the outcome and the agency tree; the
# parts stay available to an administrator's own template.
REMEDIES = "{{ remedies }}"

BUILT_IN: dict[str, tuple[str, str]] = {
    LetterKind.RECEIPT: (
        "政府信息公开申请接收回执",
        "本机关于{{ received }}收到您通过{{ channel }}提交的政府信息公开申请"
        "（查询码：{{ tracking }}），"
        "申请获取“{{ description }}”。\n"
        "根据《中华人民共和国政府信息公开条例》第三十三条，本机关将在收到申请之日起20个工作日内"
        "（{{ due }}前）予以答复；需要延长答复期限的，将另行告知，延长的期限最长不超过20个工作日。"
        "征求第三方和其他机关意见所需时间不计算在上述期限内。\n"
        "您可以凭查询码和联系电话查询办理进度。",
    ),
    LetterKind.CORRECTION: (
        "补正申请告知书",
        "本机关于{{ received }}收到您提交的政府信息公开申请，申请获取“{{ description }}”。\n"
        "经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条，"
        "请您对以下事项作出补正：{{ items }}。\n"
        "请于{{ correction_deadline }}前补正。答复期限自本机关收到补正后的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    LetterKind.EXTENSION: (
        "延期答复告知书",
        "本机关于{{ received }}收到您提交的政府信息公开申请，申请获取“{{ description }}”。\n"
        "因{{ reason }}，本机关不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》"
        "第三十三条第二款，经本机关政府信息公开工作机构负责人同意，答复期限延长20个工作日，"
        "本机关将于{{ extended_due }}前作出答复。",
    ),
    LetterKind.CONSULTATION: (
        "征求第三方意见书",
        "本机关于{{ received }}收到政府信息公开申请，申请获取“{{ description }}”。"
        "该信息可能涉及贵方商业秘密或者个人隐私，公开可能损害贵方合法权益。\n"
        "根据《中华人民共和国政府信息公开条例》第三十二条，现书面征求贵方意见。"
        "请于收到本意见书之日起15个工作日内提出书面意见；逾期未提出意见的，"
        "由本机关依照条例的规定决定是否公开。",
    ),
    LetterKind.FEE: (
        "收费通知书",
        "本机关于{{ received }}收到您提交的政府信息公开申请，申请获取“{{ description }}”。\n"
        "根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》"
        "（国办函〔2020〕109号），本机关决定对您的申请收取信息处理费。"
        "收费方式：{{ method }}；计费数量：{{ quantity }}{{ unit }}。\n"
        "收费明细：{{ tiers }}。合计{{ amount }}元。\n"
        "请于{{ pay_by }}前（自收到本通知次日起20个工作日内）缴纳。缴费方式：{{ payment }}。\n"
        "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
}

_OPENING = "本机关于{{ received }}收到您提交的政府信息公开申请，申请获取“{{ description }}”。\n"


_WITHHELD = (
    "{% if withheld_lines %}不予公开的部分及理由：\n{{ withheld_lines }}\n"
    "{% elif withheld %}不予公开的部分：{{ withheld }}。\n{% endif %}"
)


def _reply_body(disposition: Disposition) -> str:
    return (
        _OPENING
        + "经研究，现答复如下：{{ decision }}。\n"
        + "{% if handoff %}{{ handoff }}\n{% endif %}"
        + (_WITHHELD if disposition.rule.withholds else "")
        + "{% if reason %}理由：{{ reason }}。\n{% endif %}"
        + "{% if consultation %}{{ consultation }}\n{% endif %}"
        + "{% if provision %}{{ provision }}\n{% endif %}"
        + "依据：{{ basis }}。\n"
        + REMEDIES
    )


# Closing without a reply. Art. 30 and 109号 say the application "视为放弃" and is no longer
# processed: the applicant is told so, with the remedies, since that ends their request. A
# withdrawal is the applicant's own act; the letter confirms it and names no remedies.
_CLOSURE_BODIES: dict[Disposition, str] = {
    Disposition.NO_CORRECTION: _OPENING
    + "本机关已于{{ correction_requested }}书面告知您补正申请（需补正的事项：{{ items }}），"
    "补正期限至{{ correction_deadline }}。截至{{ closed }}，本机关未收到您的补正。\n"
    "{{ decision }}。\n依据：{{ basis }}。\n" + REMEDIES,
    Disposition.FEE_UNPAID: _OPENING
    + "本机关已于{{ fee_notice }}向您送达收费通知，信息处理费{{ amount }}元。"
    "截至{{ closed }}，您未在收到收费通知次日起20个工作日内缴纳。\n"
    "{{ decision }}。\n依据：{{ basis }}。\n" + REMEDIES,
    Disposition.OTHER: _OPENING
    + "{{ closed }}，{{ reason }}。本机关确认您已撤回该申请，终止办理，不再作出答复。\n"
    "如仍需获取上述信息，您可以重新提出政府信息公开申请。",
}


def built_in(kind: str, disposition: Disposition | None = None) -> tuple[str, str]:
    """The shipped wording: per outcome for replies and closing letters."""
    if kind == LetterKind.REPLY and disposition is not None:
        return disposition.rule.letter_title, _reply_body(disposition)
    if kind == LetterKind.CLOSURE and disposition in _CLOSURE_BODIES:
        return disposition.rule.letter_title, _CLOSURE_BODIES[disposition]
    if kind in (LetterKind.REPLY, LetterKind.CLOSURE):
        raise ValueError(f"{LetterKind(kind).label}须有答复类型")
    return BUILT_IN[kind]


_PER_OUTCOME = (LetterKind.REPLY, LetterKind.CLOSURE)
_ENGINE = Engine(autoescape=False)
HOTLINE_CHANNEL = "12345政务服务便民热线"  # the output is a Word document, not HTML


@dataclass(frozen=True)
class Wording:
    title: str
    paragraphs: list[str]


def template_for(kind: str, disposition: Disposition | None = None) -> tuple[str, str]:
    """The administrator's wording of this outcome, else their wording for every reply, else
    the built-in wording of this outcome."""
    found = {
        t.disposition: t
        for t in LetterTemplate.objects.filter(
            kind=kind, disposition__in=[disposition.value if disposition else "", ""]
        )
    }
    custom = found.get(disposition.value if disposition else "") or found.get("")
    if custom is not None:
        return custom.title, custom.body
    return built_in(kind, disposition)


def settings_for(application: Application) -> CaseSettings:
    found = CaseSettings.objects.filter(agency=application.agency).first()
    if found is not None:
        return found
    return CaseSettings(agency=application.agency, letter_prefix=default_prefix(application))


def default_prefix(application: Application) -> str:
    return application.agency.name[:1] + "公"


def remedy_paths() -> dict[str, str]:
    """GONGKAI_REMEDY_PATHS: outcome (Disposition value) → path (RemedyPath value)."""
    configured: dict[str, str] = getattr(settings, "GONGKAI_REMEDY_PATHS", {}) or {}
    outcomes = {d.value for d in Disposition}
    paths = {p.value for p in RemedyPath}
    for outcome, path in configured.items():
        if outcome not in outcomes or path not in paths:
            raise ImproperlyConfigured(
                f"GONGKAI_REMEDY_PATHS 中“{outcome}: {path}”有误：键应为答复类型"
                f"（{'、'.join(sorted(outcomes))}），值应为 {'、'.join(sorted(paths))}"
            )
    return dict(configured)


def agency_node(agency: Agency) -> AgencyNode:
    """The agency and its ancestors as the core's tree, with each one's 复议机关 override."""
    chain: list[Agency] = []
    node: Agency | None = agency
    while node is not None:
        chain.insert(0, node)
        node = node.parent
    overrides = dict(
        CaseSettings.objects.filter(agency__in=chain).values_list(
            "agency_id", "reconsideration_body"
        )
    )
    built: AgencyNode | None = None
    for member in chain:
        built = AgencyNode(
            member.name,
            member.kind == Kind.GOVERNMENT,
            built,
            overrides.get(member.pk, "") or "",
        )
    assert built is not None
    return built


def remedy_for(application: Application, disposition: Disposition) -> Remedy:
    cs = settings_for(application)
    return Remedy(
        path_for(disposition, remedy_paths()),
        reconsideration_body(agency_node(application.agency)),
        cs.court,
        cs.reconsideration_days,
        cs.litigation_months,
    )


def remedy_problem(application: Application, disposition: Disposition) -> str:
    """Why a letter of this outcome cannot be signed for want of its remedy, in Chinese; "" if
    it can."""
    missing = remedy_for(application, disposition).missing()
    if not missing:
        return ""
    agency = application.agency.name
    where = []
    if "行政复议机关" in missing:
        where.append(
            "行政复议机关：机关树中找不到本机关所属的人民政府；垂直管理机关、税务和国家安全机关"
            "请填写上一级主管部门"
        )
    if "管辖法院" in missing:
        where.append("管辖法院：填写本机关所在地有管辖权的人民法院全称")
    return (
        f"答复书须写明{'和'.join(missing)}，目前无法签发。请系统管理员在后台“依申请公开设置”"
        f"（/admin/cases/casesettings/）中为“{agency}”填写——" + "；".join(where) + "。"
    )


def context(application: Application, **extra: Any) -> dict[str, Any]:
    cs = settings_for(application)
    values: dict[str, Any] = {
        "applicant": application.applicant_name,
        "agency": application.agency.name,
        "received": chinese_date(application.received_on),
        "tracking": application.tracking_number,
        # "您通过12345政务服务便民热线提交": the channel's label (来自12345) reads wrong there.
        "channel": HOTLINE_CHANNEL
        if application.channel == Channel.HOTLINE
        else application.get_channel_display(),
        "description": clause(application.description),
        "reconsideration_days": cs.reconsideration_days,
        "litigation_months": cs.litigation_months,
        "court": cs.court,
        "provision_form": application.get_provision_form_display(),
        "delivery": application.get_delivery_display(),
        "items": clause(application.correction_items),
        "amount": application.fee_amount,
    }
    for key, day in (
        ("closed", application.closed_on),
        ("correction_requested", application.correction_requested_on),
        ("correction_deadline", application.correction_deadline),
        ("fee_notice", application.fee_notice_received_on),
    ):
        values[key] = chinese_date(day) if day else ""
    if application.disposition:
        disposition = Disposition(application.disposition)
        parts = withheld_parts(application) if disposition is Disposition.PARTIAL else ()
        opinions = third_party_opinions(application)
        values |= {
            "reply_title": disposition.rule.letter_title,
            "decision": disposition.rule.decision,
            "basis": grounds.basis(disposition, parts, bool(opinions)),
            "reason": clause(application.outcome_reason),
            "withheld": clause(application.withheld_parts),
            "withheld_lines": "\n".join(grounds.lines(parts, opinions)),
            "consultation": "\n".join(grounds.consultation_lines(opinions))
            if disposition is Disposition.THIRD_PARTY
            else "",
            "provision": provision(application, disposition),
            "handoff": _handoff_sentence(application),
        }
        remedy = remedy_for(application, disposition)
        values["reconsideration_body"] = remedy.body
        values["remedies"] = remedy.clause() if not remedy.missing() else ""
    for key, value in extra.items():
        if isinstance(value, dt.date):
            value = chinese_date(value)
        elif isinstance(value, str):
            value = clause(value)  # e.g. the extension's reason, put before "，"
        values[key] = value
    return values


def _handoff_sentence(application: Application) -> str:
    from gongkai_web.cases.services.routing import handoff_of  # the services import letters

    found = handoff_of(application)
    return found.sentence() if found is not None else ""


def withheld_parts(application: Application) -> tuple[grounds.WithheldPart, ...]:
    rows = application.withheld_grounds or []
    return grounds.parts_from((r.get("part", ""), r.get("ground", "")) for r in rows)


def third_party_opinions(application: Application) -> list[grounds.ThirdPartyOpinion]:
    if not application.pk:  # not yet saved: no consultations
        return []
    return [
        grounds.ThirdPartyOpinion(c.party, c.opinion)
        for c in application.consultations.filter(kind=Consultation.Kind.THIRD_PARTY)
    ]


_TRAILING_MARKS = "。，、；：,.;: \t\n\u3000"


def clause(text: str) -> str:
    """A value the templates put inside a sentence: without the marks the template adds."""
    return hygiene.fix(text.strip()).rstrip(_TRAILING_MARKS)


# How the material reaches the applicant, in the words of the form they chose (Art. 40).
_DELIVERY_WAYS = {
    Delivery.COLLECT: "请您持本告知书到本机关领取",
    Delivery.POST: "邮寄至您提供的通信地址",
    Delivery.EMAIL: "发送至您提供的电子邮箱",
    Delivery.ONLINE: "请您通过网上申请平台获取",
}


def provision(application: Application, disposition: Disposition) -> str:
    note = hygiene.fix(application.provision_note.strip())
    if note and note[-1] not in "。！？；":
        note += "。"
    if not disposition.rule.provides:
        return note
    form = ProvisionForm(application.provision_form).label
    way = Delivery(application.delivery)
    chosen = (
        f"本机关按照您申请时选择的提供形式（{form}）和获取方式（{way.label}）提供上述信息："
        f"{_DELIVERY_WAYS[way]}。"
    )
    return f"{chosen}{note}" if note else chosen


def wording(application: Application, kind: str, **extra: Any) -> Wording:
    disposition = Disposition(application.disposition) if application.disposition else None
    title, body = template_for(kind, disposition if kind in _PER_OUTCOME else None)
    # Context escapes for HTML unless told not to, whatever the engine says: the applicant's
    # quotation marks reached letters as &quot;.
    ctx = Context(context(application, **extra), autoescape=False)
    rendered_title = hygiene.fix(_ENGINE.from_string(title).render(ctx).strip())
    text = _ENGINE.from_string(body).render(ctx)
    # A value ending in a mark next to the template's own mark ("复印件。。") is corrected here,
    # whatever an administrator's template does; the drafter sees the same check before review.
    return Wording(
        rendered_title, [hygiene.fix(line.strip()) for line in text.splitlines() if line.strip()]
    )


def document(
    application: Application, kind: str, number: str, on: dt.date, addressee: str = "", **extra: Any
) -> LetterDoc:
    words = wording(application, kind, **extra)
    cs = settings_for(application)
    colophon = Colophon(
        copy_to(application, kind), cs.printer or f"{application.agency.name}办公室", on
    )
    return LetterDoc(
        title=words.title,
        paragraphs=words.paragraphs,
        addressee=addressee or application.applicant_name,
        number=number,
        signer=application.agency.name,
        date=on,
        format=LetterFormat(cs.letter_format),
        sealed=cs.sealed,
        colophon=colophon,
    )


def copy_to(application: Application, kind: str) -> tuple[str, ...]:
    """The 抄送 of a letter. A reply goes in copy to each third party consulted under Art. 32,
    who is owed the decision in writing, then to the agency's own list (a reply or a closing
    letter, the decisions on the application); other letters are copied to nobody."""
    if kind not in _PER_OUTCOME:
        return ()
    names = [o.party for o in third_party_opinions(application)] if kind == LetterKind.REPLY else []
    configured = re.split(r"[、，,；;\n]+", settings_for(application).reply_copy_to)
    names += [name.strip() for name in configured if name.strip()]
    return tuple(dict.fromkeys(names))  # each once, in order


# --- the drafter's check before review ------------------------------------------------------

DRAFT_FIELDS = (
    ("reason", "理由"),
    ("provision_note", "提供方式说明"),
)


@dataclass(frozen=True)
class DraftCheck:
    issues: list[str]  # "理由：重复标点：“。。”应为“。”"
    fixed: dict[str, str]  # each field as ``hygiene.fix`` corrects it
    withheld: list[dict[str, str]]  # the 部分公开 rows, corrected
    preview: Wording | None  # the reply as it will read, when the outcome is chosen


def check_draft(
    application: Application,
    disposition: str,
    fields: dict[str, str],
    withheld: Sequence[tuple[str, str]] = (),
) -> DraftCheck:
    """The text checker over what the drafter typed, and the reply it makes; nothing is saved."""
    issues = [
        f"{label}：{issue.message}"
        for key, label in DRAFT_FIELDS
        for issue in hygiene.check(fields.get(key, ""))
    ]
    rows = []
    for index, (part, ground) in enumerate(withheld, start=1):
        issues += [f"不予公开的第{index}项：{i.message}" for i in hygiene.check(part)]
        if part.strip() or ground:
            rows.append({"part": clause(part), "ground": ground})
    fixed = {key: hygiene.fix(fields.get(key, "").strip()) for key, _ in DRAFT_FIELDS}
    preview = None
    if disposition in {d.value for d in Disposition}:
        draft = copy.copy(application)  # an unsaved copy: the preview changes no record
        draft.disposition = disposition
        draft.outcome_reason = fixed["reason"]
        draft.provision_note = fixed["provision_note"]
        draft.withheld_grounds = rows
        draft.withheld_parts = "、".join(r["part"] for r in rows)
        try:
            parts = withheld_parts(draft) if disposition == Disposition.PARTIAL.value else ()
        except grounds.GroundError as error:
            issues.append(error.message)
        else:
            if any(p.ground.third_party for p in parts) and not third_party_opinions(application):
                issues.append(
                    "以第十五条（第三方商业秘密、个人隐私）不予公开的，条例第三十二条要求书面征求"
                    "第三方意见；本申请没有征求第三方意见的记录"
                )
            preview = wording(draft, LetterKind.REPLY)
    return DraftCheck(issues, fixed, rows, preview)
