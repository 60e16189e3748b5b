"""Reply letters per outcome: the article, the remedies (configurable), editable templates."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from gongkai.workdays.clock import fee_payment_due
from gongkai_web.cases import services
from gongkai_web.cases.clock import dues
from gongkai_web.cases.models import Application, CaseSettings, LetterTemplate
from gongkai_web.operations.files import read_file

from .conftest import CALENDAR

pytestmark = pytest.mark.django_db
D = dt.date


def text_of(letter) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(p.text for p in Document(io.BytesIO(read_file(letter.file))).paragraphs)


def title_of(text: str) -> str:
    """The title of a letter in 信函格式: after the 发文机关标志 and the 发文字号."""
    lines = [line for line in text.splitlines() if line]
    assert lines[0] == "新华区教育局", lines[:3]
    return lines[2]


def reply(submit, actors, cast, disposition: str, applicant=None, **outcome: str):  # type: ignore[no-untyped-def]
    application = submit(**(applicant or {}))
    clerk = actors["clerk"]
    on = D(2025, 3, 4)
    services.assign(
        actor=clerk,
        application=application,
        unit=cast.agency("新华区教育局"),
        handler=None,
        on=on,
        today=on,
    )
    services.sign_for(
        actor=clerk, application=Application.objects.get(pk=application.pk), on=on, today=on
    )
    services.submit_draft(
        actor=clerk,
        application=Application.objects.get(pk=application.pk),
        on=on,
        today=on,
        disposition=disposition,
        **outcome,
    )
    services.review(
        actor=actors["reviewer"],
        on=on,
        today=on,
        approve=True,
        application=Application.objects.get(pk=application.pk),
    )
    return services.sign(
        actor=actors["leader"],
        on=on,
        today=on,
        application=Application.objects.get(pk=application.pk),
    )


@pytest.mark.parametrize(
    ("disposition", "outcome", "title", "article"),
    [
        ("not_exist", {}, "政府信息不存在告知书", "第三十六条第（四）项"),
        ("not_ours", {}, "非本机关政府信息告知书", "第三十六条第（五）项"),
        ("state_secret", {"reason": "经保密审查属于秘密级"}, "不予公开告知书", "第十四条"),
        ("repeat", {}, "重复申请告知书", "第三十六条第（六）项"),
        ("need_create", {}, "无法提供告知书", "第三十八条"),
        (
            "other",
            {"reason": "申请人要求咨询政策"},
            "政府信息公开申请处理告知书",
            "申请人要求咨询政策",
        ),
    ],
)
def test_it_writes_the_reply_letter_of_each_outcome(
    submit, actors, cast, disposition, outcome, title, article
) -> None:
    letter = reply(submit, actors, cast, disposition, **outcome)
    text = text_of(letter)
    assert title_of(text) == title
    assert article in text
    assert "自收到本答复之日起60日内向新华区人民政府申请行政复议" in text
    if disposition == "state_secret":  # 复议前置 (行政复议法 Art. 23(1)(4))
        assert "应当先申请行政复议" in text and "6个月内" not in text
    else:
        assert "6个月内向新华区人民法院提起行政诉讼" in text
    assert "2025年3月3日收到" in text


def test_it_names_the_remedies_the_agency_configured(submit, actors, cast) -> None:
    CaseSettings.objects.update_or_create(
        agency=cast.agency("新华区教育局"),
        defaults={
            "letter_prefix": "新教公",
            "reconsideration_body": "新华区人民政府",
            "court": "新华区人民法院",
        },
    )
    letter = reply(submit, actors, cast, "granted", provision_note="通过电子邮件发送")
    text = text_of(letter)
    assert letter.number == "新教公复〔2025〕1号"
    assert "向新华区人民政府申请行政复议" in text and "向新华区人民法院提起行政诉讼" in text
    assert "通过电子邮件发送" in text


def test_it_uses_the_wording_an_administrator_entered(submit, actors, cast) -> None:
    LetterTemplate.objects.create(
        kind="reply",
        title="答复书",
        body="{{ applicant }}的申请已处理：{{ decision }}。\n依据{{ basis }}。",
    )
    text = text_of(reply(submit, actors, cast, "granted"))
    assert title_of(text) == "答复书"
    assert "张三的申请已处理" in text and "第三十六条第（二）项" in text


def test_it_shows_the_correction_notice_and_fee_payment_due_dates(submit, actors, cast) -> None:
    application = submit()
    d = dues(application, CALENDAR, D(2025, 3, 4))
    assert d.correction_notice_due == CALENDAR.add_working_days(D(2025, 3, 3), 7) == D(2025, 3, 12)
    assert d.flag == "办理中" and d.days_left == 19
    clerk = actors["clerk"]
    on = D(2025, 3, 4)
    services.assign(
        actor=clerk,
        application=application,
        unit=cast.agency("新华区教育局"),
        handler=None,
        on=on,
        today=on,
    )
    services.sign_for(
        actor=clerk, application=Application.objects.get(pk=application.pk), on=on, today=on
    )
    services.fee_notice(
        actor=clerk,
        application=Application.objects.get(pk=application.pk),
        on=D(2025, 3, 28),
        today=D(2025, 3, 28),
        method="per_page",
        pages=40,
        calendar=CALENDAR,
    )
    application = Application.objects.get(pk=application.pk)
    assert application.fee_amount == 100
    assert (
        dues(application, CALENDAR, D(2025, 3, 28)).fee_payment_due
        == fee_payment_due(CALENDAR, D(2025, 3, 28))
        == D(2025, 4, 27)  # a Sunday worked under 调休 before 劳动节
    )


def test_it_registers_a_posted_application_on_the_day_it_was_signed_for(
    cast, login_as, frozen_clock
) -> None:
    frozen_clock.set(D(2025, 3, 10))
    response = login_as("jiaoyu_clerk").post(
        reverse("cases:register"),
        {
            "agency": cast.agency("新华区教育局").pk,
            "channel": "post_signed",
            "received_on": "2025-03-07",
            "applicant_column": "research",
            "name": "某研究院",
            "id_type": "credit_code",
            "id_number": "91110108MA01ABCD1E",
            "legal_representative": "赵六",
            "phone": "0375-7654321",
            "description": "校舍安全检查报告",
            "provision_form": "paper",
            "delivery": "post",
            "address": "平顶山市某路1号",
        },
    )
    application = Application.objects.get()
    assert response.url == reverse("cases:detail", args=[application.pk])
    assert (application.channel, application.received_on) == ("post_signed", D(2025, 3, 7))
    assert application.applicant_column == "research"
    refused = login_as("jiaoyu_reviewer").post(
        reverse("cases:register"),
        {
            "agency": cast.agency("新华区教育局").pk,
            "channel": "in_person",
            "received_on": "2025-03-07",
            "applicant_column": "natural_person",
            "name": "某",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13800138000",
            "description": "某某信息",
            "provision_form": "paper",
            "delivery": "collect",
        },
    )
    assert "只有本机关的登记员可以登记申请" in refused.content.decode()


def test_it_refuses_to_assign_to_a_unit_outside_the_agency(submit, actors, cast) -> None:
    application = submit()
    with pytest.raises(services.CaseError, match="不是本机关或其下属单位"):
        services.assign(
            actor=actors["clerk"],
            application=application,
            unit=cast.agency("新华区财政局"),
            handler=None,
            on=D(2025, 3, 3),
            today=D(2025, 3, 3),
        )


def test_it_shows_the_art_31_receipt_rules_on_the_register_page(cast, login_as) -> None:
    page = login_as("jiaoyu_clerk").get(reverse("cases:register")).content.decode()
    assert "邮寄（需签收）：本机关签收之日" in page


def test_it_keeps_a_wording_per_outcome_edited_on_the_template_page(
    submit, actors, cast, login_as
) -> None:
    admin = login_as("sysadmin")
    add = reverse("admin:cases_lettertemplate_add")
    form = admin.get(add + "?kind=reply&disposition=partial").context["adminform"].form
    assert form.initial["title"] == "部分公开告知书"  # the built-in wording to start from
    assert "不予公开的部分：{{ withheld }}" in form.initial["body"]
    response = admin.post(
        add,
        {
            "kind": "reply",
            "disposition": "partial",
            "title": "部分公开答复书",
            "body": "{{ applicant }}：本机关区分处理。\n不公开：{{ withheld }}。\n{{ provision }}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    duplicate = admin.post(
        add, {"kind": "reply", "disposition": "partial", "title": "再来", "body": "x"}
    )
    assert "已有模板，请在列表中打开原有模板修改" in duplicate.content.decode()
    closure_without_outcome = admin.post(add, {"kind": "closure", "title": "x", "body": "x"})
    assert "终止办理告知书须选择答复类型" in closure_without_outcome.content.decode()

    partial = text_of(
        reply(
            submit,
            actors,
            cast,
            "partial",
            reason="涉及个人隐私",
            withheld=[("联系电话", "privacy")],
        )
    )
    assert title_of(partial) == "部分公开答复书"
    assert "张三：本机关区分处理。" in partial and "不公开：联系电话。" in partial
    not_exist = text_of(reply(submit, actors, cast, "not_exist"))
    assert title_of(not_exist) == "政府信息不存在告知书"  # its own built-in wording
    assert "第三十六条第（四）项" in not_exist and "区分处理" not in not_exist


@pytest.mark.parametrize(
    ("form", "delivery", "words"),
    [
        ("paper", "post", "提供形式（纸质）和获取方式（邮寄）提供上述信息：邮寄至您提供的通信地址"),
        ("disc", "collect", "提供形式（光盘）和获取方式（自行领取）提供上述信息：请您持本告知书到"),
        ("email", "email", "提供形式（电子邮件）和获取方式（电子邮件）提供上述信息：发送至您提供"),
        ("onsite", "online", "提供形式（当场查阅、抄录）和获取方式（网上获取）提供上述信息"),
    ],
)
def test_it_says_how_the_information_is_provided_as_the_applicant_chose(
    submit, actors, cast, form, delivery, words
) -> None:
    def applied():  # type: ignore[no-untyped-def]
        return submit(provision_form=form, delivery=delivery, address="平顶山市新华路1号")

    text = text_of(reply(applied, actors, cast, "granted", provision_note="共3页，PDF格式"))
    assert words in text
    assert "。共3页，PDF格式。" in text
    assert "提供形式" not in text_of(reply(applied, actors, cast, "not_exist"))


def test_it_writes_the_applicants_own_characters_into_letters(submit, actors, cast) -> None:
    # The review saw &quot; and &lt; in letters: a Word document is not HTML.
    wanted = '关于"双减"的<通知>&附件'
    letter = reply(submit, actors, cast, "granted", applicant={"description": wanted})
    text = text_of(letter)
    assert wanted in text
    assert "&quot;" not in text and "&lt;" not in text and "&amp;" not in text
