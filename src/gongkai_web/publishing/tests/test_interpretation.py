"""三同步: a policy document is published with its 解读, or with the recorded reason it has none."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.publishing.review import Stage
from gongkai.workflow.tables.catalogue import EntryState
from gongkai_web.publishing import services
from gongkai_web.publishing.tests.conftest import CLEAR

POLICY = {
    "title": "新华区中小学学籍管理办法", "doc_kind": "normative", "issued_on": dt.date(2025, 4, 1),
    "doc_number": "新教规〔2025〕1号",
}  # fmt: skip


def to_final(desk, entry):
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=entry)
    for stage, who in ((Stage.SECRECY, "jiaoyu_reviewer"), (Stage.FIRST, "jiaoyu_editor"),
                       (Stage.SECOND, "jiaoyu_reviewer")):  # fmt: skip
        entry = services.decide(
            actor=desk.actor(who), entry=entry, stage=stage, passed=True, opinion="同意",
            conclusion=CLEAR if stage is Stage.SECRECY else "",
        )  # fmt: skip
    return entry


def final(desk, entry):
    return services.decide(
        actor=desk.actor("jiaoyu_leader"), entry=entry, stage=Stage.FINAL, passed=True,
        opinion="同意",
    )  # fmt: skip


def test_a_normative_document_without_its_interpretation_is_refused_at_final_review(desk):
    document = to_final(desk, desk.draft(**POLICY))
    with pytest.raises(ValidationError, match="行政规范性文件须与政策解读同步公开（三同步）"):
        final(desk, document)


def test_it_is_published_once_its_interpretation_reaches_final_review(desk):
    document = to_final(desk, desk.draft(**POLICY))
    reading = desk.draft(
        title="《新华区中小学学籍管理办法》政策解读", genre="政策解读", interprets=document,
        body="一、制定背景和依据。二、目标任务。三、主要内容。",
    )  # fmt: skip
    reading = to_final(desk, reading)
    assert final(desk, document).status == EntryState.PUBLISHED
    assert final(desk, reading).status == EntryState.PUBLISHED
    assert list(document.interpretations.all()) == [reading]


def test_a_recorded_reason_lets_it_go_alone_and_a_withheld_document_needs_none(desk):
    alone = desk.draft(**POLICY, no_interpretation_reason="仅对原文件作文字勘误，无需解读")
    assert final(desk, to_final(desk, alone)).status == EntryState.PUBLISHED
    withheld = desk.draft(
        **{**POLICY, "title": "内部管理规定"}, disclosure="withheld",
        withheld_reason="《条例》第十六条内部事务信息",
    )  # fmt: skip
    assert final(desk, to_final(desk, withheld)).status == EntryState.PUBLISHED


def test_an_interpretation_names_a_policy_document_of_its_own_agency(desk):
    notice = desk.draft(title="一般通知")
    with pytest.raises(ValidationError, match="所解读的文件须是规章或行政规范性文件"):
        desk.draft(title="解读", interprets=notice)


def test_the_portal_links_a_document_and_its_interpretation_both_ways(client, desk):
    document = to_final(desk, desk.draft(**POLICY))
    reading = to_final(
        desk, desk.draft(title="《新华区中小学学籍管理办法》政策解读", interprets=document)
    )
    final(desk, document)
    final(desk, reading)
    page = client.get(f"/gk/entry/{document.pk}/").content.decode()
    assert f'href="/gk/entry/{reading.pk}/"' in page and "政策解读" in page
    back = client.get(f"/gk/entry/{reading.pk}/").content.decode()
    assert f'href="/gk/entry/{document.pk}/"' in back and "的政策解读" in back
