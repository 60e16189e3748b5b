"""Review before publishing: 保密审查 and 三审 by the catalogue's lifecycle table, with gates that
block and ways out for the people responsible (issue 13)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.publishing.review import Stage
from gongkai.workflow.tables.catalogue import EntryAction, EntryState
from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.services import SYSTEM
from gongkai_web.organizations import services as org
from gongkai_web.organizations.models import Role, RoleGrant
from gongkai_web.publishing import services
from gongkai_web.publishing.models import EntryEvent
from gongkai_web.publishing.tests.conftest import CLEAR


def _secrecy(desk, entry, who="jiaoyu_reviewer"):
    return services.decide(
        actor=desk.actor(who), entry=entry, stage=Stage.SECRECY, passed=True,
        opinion="不涉密", conclusion=CLEAR,
    )  # fmt: skip


def _pass(desk, entry, stage, who, opinion="同意"):
    return services.decide(
        actor=desk.actor(who), entry=entry, stage=stage, passed=True, opinion=opinion
    )


def test_it_publishes_only_after_secrecy_review_and_three_reviews_by_three_people(desk):
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    entry = _secrecy(desk, entry)
    assert entry.status == EntryState.FIRST
    entry = _pass(desk, entry, Stage.FIRST, "jiaoyu_editor")
    entry = _pass(desk, entry, Stage.SECOND, "jiaoyu_reviewer")
    assert entry.status == EntryState.FINAL and entry.index_number is None

    entry = _pass(desk, entry, Stage.FINAL, "jiaoyu_leader", "同意发布")

    assert entry.status == EntryState.PUBLISHED
    assert entry.index_number == f"{desk.agency.credit_code}/{dt.date.today().year}-00001"
    signed = EntryEvent.objects.filter(record=entry).exclude(slot="").order_by("at", "pk")
    assert [(e.slot, e.actor_name) for e in signed] == [
        ("secrecy", "李审核"),
        ("first", "陈编辑"),
        ("second", "李审核"),
        ("final", "赵领导"),
    ]
    moves = AuditEntry.objects.filter(
        object_type="publishing.entry", object_id=str(entry.pk)
    ).order_by("seq")
    assert list(moves.values_list("action", flat=True)) == [
        "catalogue.drafted", "catalogue.submit", "catalogue.pass_secrecy", "catalogue.pass_first",
        "catalogue.pass_second", "catalogue.pass_final",
    ]  # fmt: skip


def test_it_refuses_the_drafter_doing_a_review_step(desk):
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    entry = _secrecy(desk, entry)
    with pytest.raises(
        ValidationError, match="初审须由拟稿人以外的登记员/承办人或审核人办理：您是拟稿人"
    ):
        _pass(desk, entry, Stage.FIRST, "jiaoyu_clerk")


def test_it_refuses_a_person_doing_two_of_the_three_reviews(desk, cast):
    # The reviewer also holds the leader role, and tries to do 复审 and 终审 alone.
    org.grant_role(
        actor=SYSTEM, user=cast.user("jiaoyu_reviewer"), agency=desk.agency, role=Role.LEADER
    )
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    entry = _secrecy(desk, entry, "jiaoyu_leader")
    entry = _pass(desk, entry, Stage.FIRST, "jiaoyu_editor")
    entry = _pass(desk, entry, Stage.SECOND, "jiaoyu_reviewer")

    with pytest.raises(ValidationError, match="终审须由拟稿人、初审人、复审人以外的分管领导办理"):
        _pass(desk, entry, Stage.FINAL, "jiaoyu_reviewer")
    entry.refresh_from_db()
    assert entry.status == EntryState.FINAL and entry.index_number is None


def test_it_refuses_steps_out_of_order_and_by_the_wrong_role(desk):
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    with pytest.raises(ValidationError, match="目录信息当前为“待保密审查”，不能“初审通过”"):
        _pass(desk, entry, Stage.FIRST, "jiaoyu_editor")
    entry = _secrecy(desk, entry)
    entry = _pass(desk, entry, Stage.FIRST, "jiaoyu_editor")
    with pytest.raises(ValidationError, match="复审须由拟稿人、初审人以外的审核人办理"):
        _pass(desk, entry, Stage.SECOND, "jiaoyu_leader")


def test_it_needs_the_secrecy_opinion_and_conclusion(desk):
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    with pytest.raises(ValidationError, match="须写明审查意见"):
        services.decide(
            actor=desk.actor("jiaoyu_reviewer"), entry=entry, stage=Stage.SECRECY, passed=True,
            opinion="", conclusion=CLEAR,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="请选择保密审查结论"):
        services.decide(
            actor=desk.actor("jiaoyu_reviewer"), entry=entry, stage=Stage.SECRECY, passed=True,
            opinion="已审查",
        )  # fmt: skip
    assert _secrecy(desk, entry).status == EntryState.FIRST


def test_a_flagged_word_blocks_every_review_step_until_changed_or_acknowledged(desk):
    services.add_sensitive_word(actor=SYSTEM, word="绝密", kind="sensitive")
    services.add_sensitive_word(actor=SYSTEM, word="截止目前", kind="wrong", suggestion="截至目前")
    entry = desk.draft(body="本通知为绝密级。截止目前已完成准备。")
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=entry)

    with pytest.raises(ValidationError, match="错敏词：正文中的敏感词“绝密”"):
        _secrecy(desk, entry)
    # The drafter may not wave his own words through.
    with pytest.raises(ValidationError, match="您是拟稿人"):
        services.move(
            actor=desk.actor("jiaoyu_clerk"), entry=entry, action=EntryAction.ACKNOWLEDGE,
            note="无妨", words=["绝密"],
        )  # fmt: skip
    with pytest.raises(ValidationError, match="须写明确认理由"):
        services.move(
            actor=desk.actor("jiaoyu_reviewer"), entry=entry, action=EntryAction.ACKNOWLEDGE,
            words=["截止目前"],
        )  # fmt: skip
    entry = services.move(
        actor=desk.actor("jiaoyu_reviewer"), entry=entry, action=EntryAction.ACKNOWLEDGE,
        note="此处为引用原文标题，不改", words=["截止目前"],
    )  # fmt: skip
    with pytest.raises(ValidationError, match="绝密"):
        _secrecy(desk, entry)

    # 绝密 is changed: sent back, edited, submitted again (a new round, acknowledgements anew).
    entry = services.move(
        actor=desk.actor("jiaoyu_reviewer"), entry=entry, action=EntryAction.SEND_BACK,
        note="删除密级标注",
    )  # fmt: skip
    entry = services.update_entry(
        actor=desk.actor("jiaoyu_clerk"), entry=entry, body="截止目前已完成准备。"
    )
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=entry)
    with pytest.raises(ValidationError, match="截止目前"):
        _secrecy(desk, entry)
    entry = services.move(
        actor=desk.actor("jiaoyu_reviewer"), entry=entry, action=EntryAction.ACKNOWLEDGE,
        note="引用原文", words=["截止目前"],
    )  # fmt: skip
    assert _secrecy(desk, entry).status == EntryState.FIRST


def test_a_flagged_word_in_an_attachment_blocks_too(desk):
    import io

    import docx

    services.add_sensitive_word(actor=SYSTEM, word="绝密", kind="sensitive")
    document = docx.Document()
    document.add_paragraph("附件：绝密★启用前")
    data = io.BytesIO()
    document.save(data)
    entry = desk.draft()
    services.attach(actor=desk.actor("jiaoyu_clerk"), entry=entry, name="方案.docx",
                    data=data.getvalue())  # fmt: skip
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=entry)
    with pytest.raises(ValidationError, match=r"附件“方案\.docx”中的敏感词“绝密”"):
        _secrecy(desk, entry)


def test_an_entry_is_not_stuck_when_the_agency_has_one_reviewer(desk, cast):
    """The only 审核人 did 初审: nobody may do 复审. The page says so; the leader designates."""
    from gongkai_web.publishing.workflow import ENTRY
    from gongkai_web.workflow import selectors

    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    entry = _secrecy(desk, entry)
    entry = _pass(desk, entry, Stage.FIRST, "jiaoyu_reviewer")
    shown = selectors.panel(ENTRY, entry, cast.user("jiaoyu_leader"))
    assert [w.nobody for w in shown.waiting] == [
        "复审须由拟稿人、初审人以外的审核人办理；本机关目前没有符合条件的人员，请分管领导指定办理人"
    ]
    with pytest.raises(ValidationError, match="复审须由"):
        _pass(desk, entry, Stage.SECOND, "jiaoyu_reviewer")
    # Designating someone excluded is refused; the editor may take it.
    with pytest.raises(ValidationError, match="不能指定李审核"):
        services.move(
            actor=desk.actor("jiaoyu_leader"), entry=entry, action=EntryAction.DESIGNATE,
            slot="second", designee=cast.user("jiaoyu_reviewer").pk,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="指定办理人须由分管领导办理"):
        services.move(
            actor=desk.actor("jiaoyu_reviewer"), entry=entry, action=EntryAction.DESIGNATE,
            slot="second", designee=cast.user("jiaoyu_editor").pk,
        )  # fmt: skip
    entry = services.move(
        actor=desk.actor("jiaoyu_leader"), entry=entry, action=EntryAction.DESIGNATE,
        slot="second", designee=cast.user("jiaoyu_editor").pk, note="李审核已做初审",
    )  # fmt: skip
    entry = _pass(desk, entry, Stage.SECOND, "jiaoyu_editor")
    entry = _pass(desk, entry, Stage.FINAL, "jiaoyu_leader")
    assert entry.status == EntryState.PUBLISHED


def test_the_excluded_reviewer_may_still_send_it_back_and_the_drafter_recall_it(desk):
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    entry = _secrecy(desk, entry)
    entry = _pass(desk, entry, Stage.FIRST, "jiaoyu_reviewer")
    entry = services.move(
        actor=desk.actor("jiaoyu_reviewer"), entry=entry, action=EntryAction.SEND_BACK,
        note="请补充附件",
    )  # fmt: skip
    assert entry.status == EntryState.DRAFT
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=entry)
    with pytest.raises(ValidationError, match="“撤回审核”须由拟稿人办理"):
        services.move(actor=desk.actor("jiaoyu_editor"), entry=entry, action=EntryAction.RECALL)
    entry = services.move(actor=desk.actor("jiaoyu_clerk"), entry=entry, action=EntryAction.RECALL)
    assert entry.status == EntryState.DRAFT and entry.review_round == 2


def test_a_double_click_never_makes_two_moves(desk):
    from gongkai_web.publishing.workflow import ENTRY

    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    shown = ENTRY.last_event_id(entry)
    _secrecy(desk, entry)
    with pytest.raises(ValidationError, match="已有人办理，现为“待初审”"):
        services.decide(
            actor=desk.actor("jiaoyu_leader"), entry=entry, stage=Stage.SECRECY, passed=True,
            opinion="同意", conclusion=CLEAR, expected=shown,
        )  # fmt: skip
    assert EntryEvent.objects.filter(record=entry, slot="secrecy").count() == 1


def test_it_returns_a_rejected_item_to_its_drafter_with_the_reason_and_starts_a_new_round(desk):
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    with pytest.raises(ValidationError, match="退回理由"):
        services.decide(
            actor=desk.actor("jiaoyu_reviewer"), entry=entry, stage=Stage.SECRECY, passed=False,
            opinion="",
        )  # fmt: skip

    entry = services.decide(
        actor=desk.actor("jiaoyu_reviewer"), entry=entry, stage=Stage.SECRECY, passed=False,
        opinion="附件含学生身份证号",
    )  # fmt: skip

    assert entry.status == EntryState.DRAFT
    returned = EntryEvent.objects.get(record=entry, action=EntryAction.SEND_BACK)
    assert returned.note == "附件含学生身份证号"
    services.update_entry(actor=desk.actor("jiaoyu_clerk"), entry=entry, body="已删去个人信息。")
    published = desk.publish(entry)
    assert published.review_round == 2 and published.status == EntryState.PUBLISHED


def test_it_refuses_editing_after_submission(desk):
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    with pytest.raises(ValidationError, match="只有草稿可以修改"):
        services.update_entry(actor=desk.actor("jiaoyu_clerk"), entry=entry, title="改")


def test_a_reviewer_without_a_role_here_is_refused(desk, cast):
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    RoleGrant.objects.filter(user=cast.user("jiaoyu_reviewer")).delete()
    with pytest.raises(ValidationError, match="须由拟稿人以外的审核人或分管领导办理"):
        _secrecy(desk, entry, "jiaoyu_reviewer")
    with pytest.raises(PermissionDenied):
        services.decide(actor=SYSTEM, entry=entry, stage=Stage.SECRECY, passed=True, opinion="x")


def test_it_flags_publication_later_than_twenty_working_days(desk, make_published):
    late = make_published(on=dt.date(2024, 11, 1), formed_on=dt.date(2024, 9, 20), title="迟发")
    timely = make_published(on=dt.date(2024, 10, 23), formed_on=dt.date(2024, 9, 20), title="按时")
    assert late.late and "超过《条例》第二十六条" in late.late_note
    assert not timely.late


def test_it_requires_a_reason_when_not_proactive(desk):
    with pytest.raises(ValidationError) as caught:
        desk.draft(disclosure="withheld")
    assert "withheld_reason" in caught.value.message_dict


@pytest.mark.django_db(transaction=True)
def test_two_people_signing_the_same_step_at_once_make_one_move(desk):
    import threading

    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("the in-memory test database locks whole tables; PostgreSQL runs this")
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def sign(username: str) -> None:
        try:
            start.wait()
            _secrecy(desk, entry, username)
            outcomes.append("made")
        except ValidationError as refused:
            outcomes.append(refused.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=sign, args=(u,)) for u in ("jiaoyu_reviewer", "jiaoyu_leader")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # The second waited for the first one's lock, then found the step taken.
    assert len(outcomes) == 2 and outcomes.count("made") == 1
    assert "不能“保密审查通过”" in next(o for o in outcomes if o != "made")
    assert EntryEvent.objects.filter(record=entry, slot="secrecy").count() == 1
