"""The lifecycle mechanism read as the rules it enforces, table by table."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.workflow.lifecycle import Facts, Gate, Party, Person, Refused, Role, Signer
from gongkai.workflow.tables.annual_report import ANNUAL_REPORT, ReportAction, ReportState
from gongkai.workflow.tables.catalogue import CATALOGUE_ENTRY, EntryAction, EntryState
from gongkai.workflow.tables.media_post import MEDIA_POST, PostAction, PostState

CLERK = Person("clerk", "王登记", frozenset({Role.CLERK}))
EDITOR = Person("editor", "陈编辑", frozenset({Role.CLERK}))
REVIEWER = Person("reviewer", "李审核", frozenset({Role.REVIEWER}))
LEADER = Person("leader", "赵领导", frozenset({Role.LEADER}))
BOTH = Person("both", "钱双岗", frozenset({Role.REVIEWER, Role.LEADER}))


def facts(
    state: Any, actor: Person, signed: dict[str, Person] | None = None, **more: Any
) -> Facts[Any]:
    return Facts(
        state=state, actor=actor, author="clerk",
        signed={k: Signer(p.key, p.name) for k, p in (signed or {}).items()}, **more,
    )  # fmt: skip


def test_it_names_the_state_and_what_is_allowed_when_a_move_does_not_apply() -> None:
    with pytest.raises(
        Refused, match="目录信息当前为“草稿”，不能“初审通过”。可进行的操作：提交审核"
    ):
        CATALOGUE_ENTRY.check(facts(EntryState.DRAFT, EDITOR), EntryAction.PASS_FIRST)


def test_it_keeps_the_three_reviews_and_the_drafter_apart() -> None:
    signed = {"secrecy": REVIEWER, "first": EDITOR, "second": BOTH}
    with pytest.raises(
        Refused, match="终审须由拟稿人、初审人、复审人以外的分管领导办理：您已签署复审"
    ):
        CATALOGUE_ENTRY.check(facts(EntryState.FINAL, BOTH, signed), EntryAction.PASS_FINAL)
    done = CATALOGUE_ENTRY.check(facts(EntryState.FINAL, LEADER, signed), EntryAction.PASS_FINAL)
    assert done.after is EntryState.PUBLISHED


def test_it_blocks_a_step_while_a_gate_is_shut_and_lists_why() -> None:
    shut = facts(EntryState.FIRST, EDITOR, {"secrecy": REVIEWER},
                 problems={Gate.WORDS: ["正文中的敏感词“绝密”"]})  # fmt: skip
    with pytest.raises(Refused, match="“初审通过”前须先处理错敏词：正文中的敏感词“绝密”"):
        CATALOGUE_ENTRY.check(shut, EntryAction.PASS_FIRST)


def test_it_says_who_could_act_and_when_nobody_can() -> None:
    state = facts(EntryState.SECOND, LEADER, {"secrecy": REVIEWER, "first": REVIEWER})
    [waiting] = CATALOGUE_ENTRY.waiting(state, [CLERK, REVIEWER, LEADER])
    assert waiting.people == ()
    assert waiting.nobody.endswith("请分管领导指定办理人")
    [waiting] = CATALOGUE_ENTRY.waiting(state, [CLERK, REVIEWER, BOTH, LEADER])
    assert waiting.people == (BOTH,)


def test_a_designated_person_may_take_the_step_but_never_an_excluded_one() -> None:
    state = facts(EntryState.SECOND, LEADER, {"secrecy": REVIEWER, "first": REVIEWER})
    assert CATALOGUE_ENTRY.check_designation(state, "second", EDITOR).key == "second"
    with pytest.raises(Refused, match="不能指定李审核"):
        CATALOGUE_ENTRY.check_designation(state, "second", REVIEWER)
    with pytest.raises(Refused, match="只能为当前待办的环节指定办理人"):
        CATALOGUE_ENTRY.check_designation(state, "final", EDITOR)
    designated = facts(EntryState.SECOND, EDITOR, {"secrecy": REVIEWER, "first": REVIEWER},
                       designated={"second": "editor"})  # fmt: skip
    assert CATALOGUE_ENTRY.check(designated, EntryAction.PASS_SECOND).after is EntryState.FINAL


def test_media_reviews_are_three_people_and_proofs_are_not_the_author() -> None:
    signed = {"review1": CLERK, "review2": BOTH}
    with pytest.raises(Refused, match="您已签署复审"):
        MEDIA_POST.check(facts(PostState.IN_REVIEW, BOTH, signed), PostAction.REVIEW_3)
    with pytest.raises(Refused, match=r"一校须由拟稿人以外的.*您是拟稿人"):
        MEDIA_POST.check(facts(PostState.IN_REVIEW, CLERK), PostAction.PROOF_1)
    with pytest.raises(Refused, match="二校之前须先完成一校"):
        MEDIA_POST.check(facts(PostState.IN_REVIEW, EDITOR), PostAction.PROOF_2)
    # One proofreader may read twice (local practice).
    once = MEDIA_POST.check(facts(PostState.IN_REVIEW, EDITOR, {"proof1": EDITOR}),
                            PostAction.PROOF_2)  # fmt: skip
    assert once.after is PostState.IN_REVIEW


def test_the_sixth_signature_makes_a_post_ready() -> None:
    five = {"review1": CLERK, "review2": REVIEWER, "review3": LEADER, "proof1": EDITOR,
            "proof2": EDITOR}  # fmt: skip
    done = MEDIA_POST.check(facts(PostState.IN_REVIEW, REVIEWER, five), PostAction.PROOF_3)
    assert done.after is PostState.READY


def test_a_new_round_forgets_the_last_rounds_signatures() -> None:
    old = {"compiled": CLERK, "reviewed": REVIEWER}
    again = ANNUAL_REPORT.check(facts(ReportState.DRAFT, CLERK, old), ReportAction.SUBMIT)
    assert again.signed == frozenset({"compiled"})


def test_a_report_is_sent_back_by_a_supervisor_above_but_not_by_its_compiler() -> None:
    supervisor = Person("sup", "周公开", frozenset({Party.SUPERVISOR_ABOVE}))
    state = facts(ReportState.REVIEWED, supervisor, {"compiled": CLERK}, note="数字不符")
    assert ANNUAL_REPORT.check(state, ReportAction.SEND_BACK).after is ReportState.DRAFT
    with pytest.raises(Refused, match="须由审核人或分管领导或上级政务公开办办理"):
        ANNUAL_REPORT.check(facts(ReportState.REVIEWED, CLERK, note="x"), ReportAction.SEND_BACK)
