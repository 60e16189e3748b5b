"""Closing without a reply: each closure the law notifies ends with a numbered 告知书, which is
delivered (送达) and archived like a reply."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from gongkai_web.cases import services
from gongkai_web.cases.models import Application, Attachment
from gongkai_web.operations.files import read_file

from .conftest import CALENDAR
from .test_workflow import walk_to_in_progress

pytestmark = pytest.mark.django_db
D = dt.date


def text_of(letter) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(p.text for p in Document(io.BytesIO(read_file(letter.file))).paragraphs)


def fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


def awaiting_correction(submit, actors) -> Application:  # type: ignore[no-untyped-def]
    application = submit()
    services.request_correction(
        actor=actors["clerk"],
        application=application,
        on=D(2025, 3, 5),
        today=D(2025, 3, 5),
        items="请写明学校名称",
        deadline=D(2025, 3, 20),
        calendar=CALENDAR,
    )
    return fresh(application)


def test_it_closes_a_case_not_corrected_in_time_with_a_numbered_termination_letter(
    submit, actors
) -> None:
    application = awaiting_correction(submit, actors)
    with pytest.raises(services.CaseError, match="补正期限（2025-03-20）尚未届满"):
        services.close_no_correction(
            actor=actors["clerk"], application=application, on=D(2025, 3, 20), today=D(2025, 3, 20)
        )
    letter = services.close_no_correction(
        actor=actors["clerk"], application=application, on=D(2025, 3, 21), today=D(2025, 3, 21)
    )
    application = fresh(application)
    assert (application.state, application.outcome_row) == ("closed", "other_1")
    assert application.closed_on == D(2025, 3, 21)
    assert letter.kind == "closure" and letter.title == "终止办理告知书"
    assert letter.number == application.reply_number == "新公复〔2025〕1号"
    assert letter.file.content_type == services.DOCX
    text = text_of(letter)
    assert [line for line in text.splitlines() if line][:3] == [
        "新华区教育局",  # 发文机关标志 (信函格式)
        "新公复〔2025〕1号",
        "终止办理告知书",
    ]
    assert "2025年3月5日书面告知您补正申请（需补正的事项：请写明学校名称）" in text
    assert "补正期限至2025年3月20日" in text
    assert "视为放弃申请，本机关不再处理该政府信息公开申请" in text
    assert "第三十条" in text and "60日内" in text and "6个月内" in text
    assert text.splitlines()[-1] == "2025年3月21日"
    assert application.events.filter(action="letter", note__contains="终止办理告知书").exists()


def test_it_refuses_to_close_for_no_correction_when_none_was_asked(submit, actors) -> None:
    with pytest.raises(services.CaseError, match="没有发出补正告知"):
        services.close_no_correction(
            actor=actors["clerk"], application=submit(), on=D(2025, 4, 1), today=D(2025, 4, 1)
        )


def test_it_tells_the_applicant_when_an_unpaid_fee_ends_the_case(submit, actors, cast) -> None:
    application = walk_to_in_progress(submit(), actors, cast)
    services.fee_notice(
        actor=actors["clerk"],
        application=application,
        on=D(2025, 3, 5),
        today=D(2025, 3, 5),
        method="per_page",
        pages=250,
        calendar=CALENDAR,
    )
    services.close_fee_unpaid(
        actor=actors["clerk"],
        application=fresh(application),
        on=D(2025, 4, 3),
        today=D(2025, 4, 3),
        calendar=CALENDAR,
    )
    application = fresh(application)
    letter = application.letters.get(kind="closure")
    text = text_of(letter)
    assert letter.title == "终止办理告知书" and application.reply_number == letter.number
    assert "2025年3月5日向您送达收费通知，信息处理费4700元" in text
    assert "逾期未按收费通知要求缴纳信息处理费" in text
    assert "国办函〔2020〕109号" in text and "60日内" in text


def test_it_confirms_a_withdrawal_in_writing_without_remedies(submit, actors) -> None:
    letter = services.withdraw(
        actor=actors["clerk"],
        application=submit(),
        on=D(2025, 3, 4),
        today=D(2025, 3, 4),
        reason="申请人书面撤回申请",
    )
    text = text_of(letter)
    assert letter.title == "政府信息公开申请处理告知书"
    assert "2025年3月4日，申请人书面撤回申请。本机关确认您已撤回该申请" in text
    assert "行政复议" not in text


def test_it_records_delivery_of_the_closing_letter_with_a_scan_and_then_archives(
    submit, actors, login_as, frozen_clock
) -> None:
    application = awaiting_correction(submit, actors)
    services.close_no_correction(
        actor=actors["clerk"], application=application, on=D(2025, 3, 21), today=D(2025, 3, 21)
    )
    with pytest.raises(services.CaseError, match="终止办理告知书尚未登记送达"):
        services.archive(
            actor=actors["clerk"],
            application=fresh(application),
            on=D(2025, 3, 24),
            today=D(2025, 3, 24),
        )
    frozen_clock.set(D(2025, 3, 25))
    client = login_as("jiaoyu_clerk")
    page = client.get(reverse("cases:detail", args=[application.pk])).content.decode()
    assert 'id="act-deliver"' in page and "送达 新公复〔2025〕1号" in page
    client.post(
        reverse("cases:act", args=[application.pk, "deliver"]),
        {
            "channel": "post",
            "proof": "EMS 1234567890",
            "on": "2025-03-24",
            "proof_file": SimpleUploadedFile("回执.pdf", b"%PDF-1.4 signed"),
        },
    )
    application = fresh(application)
    assert (application.delivered_on, application.delivery_channel) == (D(2025, 3, 24), "post")
    assert application.delivery_proof == "EMS 1234567890"
    scan = application.attachments.get()
    assert (scan.kind, scan.file.name) == (Attachment.Kind.DELIVERY_PROOF, "回执.pdf")
    page = client.get(reverse("cases:detail", args=[application.pk])).content.decode()
    assert "2025-03-24 邮寄 EMS 1234567890" in page and 'id="act-deliver"' not in page
    with pytest.raises(services.CaseError, match="已于 2025-03-24 登记送达"):
        services.deliver(
            actor=actors["clerk"],
            application=application,
            on=D(2025, 3, 25),
            today=D(2025, 3, 25),
            channel="post",
            proof="again",
        )
    services.archive(
        actor=actors["clerk"], application=application, on=D(2025, 3, 25), today=D(2025, 3, 25)
    )
    assert fresh(application).state == "archived"


def test_it_refuses_delivery_before_the_case_is_concluded(submit, actors) -> None:
    with pytest.raises(services.CaseError, match="只有已答复、已终止办理或已撤回的申请"):
        services.deliver(
            actor=actors["clerk"],
            application=submit(),
            on=D(2025, 3, 4),
            today=D(2025, 3, 4),
            channel="post",
            proof="EMS 1",
        )
