"""Personal data in an entry or its attachments stops 保密审查 and every review step until it is
removed or a reviewer acknowledges it in writing; the reviewer sees it masked."""

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from gongkai.publishing.review import Stage
from gongkai.workflow.tables.catalogue import EntryAction, EntryState
from gongkai_web.publishing import services
from gongkai_web.publishing.tests.conftest import CLEAR
from gongkai_web.publishing.workflow import ENTRY

ID = "410402199003074569"


def docx_with(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def secrecy(desk, entry):
    return services.decide(
        actor=desk.actor("jiaoyu_reviewer"), entry=entry, stage=Stage.SECRECY, passed=True,
        opinion="不涉密", conclusion=CLEAR,
    )  # fmt: skip


def test_an_id_number_in_an_attachment_and_a_phone_in_the_text_stop_secrecy_review(desk):
    entry = desk.draft(body="联系人手机 13812345678。")
    services.attach(
        actor=desk.actor("jiaoyu_clerk"), entry=entry, name="名单.docx",
        data=docx_with(f"获奖学生：李四，身份证号 {ID}"),
    )  # fmt: skip
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=entry)

    with pytest.raises(ValidationError) as refused:
        secrecy(desk, entry)
    message = refused.value.messages[0]
    assert "前须先处理个人信息" in message
    assert "正文中的手机号码“138****5678”" in message
    assert "附件“名单.docx”中的身份证号“4104**********4569”" in message
    assert ID not in message and "13812345678" not in message


def test_removing_the_data_or_acknowledging_it_with_a_reason_opens_the_step(desk):
    entry = services.submit(
        actor=desk.actor("jiaoyu_clerk"),
        entry=desk.draft(body=f"现公示申请人姓名：张三，身份证号{ID}。监督电话：0375-2345678。"),
    )
    offered = [word for word, _ in ENTRY.acknowledgeable(entry, ENTRY.round_events(entry))]
    assert offered == ["姓名张*", "身份证号4104**********4569"]

    # Sent back and the ID removed: the name stays, acknowledged as a published 公示.
    entry = services.move(
        actor=desk.actor("jiaoyu_reviewer"), entry=entry, action=EntryAction.SEND_BACK,
        note="删除身份证号",
    )  # fmt: skip
    entry = services.update_entry(
        actor=desk.actor("jiaoyu_clerk"), entry=entry, body="现公示申请人姓名：张三。"
    )
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=entry)
    with pytest.raises(ValidationError, match="姓名“张\\*”"):
        secrecy(desk, entry)
    with pytest.raises(ValidationError, match="须写明确认理由"):
        services.move(
            actor=desk.actor("jiaoyu_reviewer"), entry=entry, action=EntryAction.ACKNOWLEDGE,
            words=["姓名张*"],
        )  # fmt: skip
    entry = services.move(
        actor=desk.actor("jiaoyu_reviewer"), entry=entry, action=EntryAction.ACKNOWLEDGE,
        note="公示对象姓名依法公开", words=["姓名张*"],
    )  # fmt: skip
    assert secrecy(desk, entry).status == EntryState.FIRST
