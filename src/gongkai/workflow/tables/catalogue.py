"""A catalogue entry (主动公开目录): 保密审查 (Art. 17), then 初审 → 复审 → 终审 (regulation.md §7).

The three reviews are signed by three people other than the drafter; 保密审查 by a reviewer or
the leader other than the drafter, with its opinion and conclusion. Every review step is shut
while a 错敏词 hit is neither changed nor acknowledged. 终审 publishes the entry (its 索引号 is
taken then). A published entry may be withdrawn, and a withheld one made public again after an
Art. 18 reassessment goes through the whole review again.
"""

from __future__ import annotations

from gongkai.workflow.lifecycle import Gate, Labelled, Lifecycle, Move, MoveKind, Party, Role, Slot
from gongkai.workflow.tables._common import STAFF, unstick


class EntryState(Labelled):
    DRAFT = "draft", "草稿"
    SECRECY = "secrecy", "待保密审查"
    FIRST = "first", "待初审"
    SECOND = "second", "待复审"
    FINAL = "final", "待终审"
    PUBLISHED = "published", "已公开"
    WITHDRAWN = "withdrawn", "已撤回"


IN_REVIEW = (EntryState.SECRECY, EntryState.FIRST, EntryState.SECOND, EntryState.FINAL)


class EntryAction(Labelled):
    SUBMIT = "submit", "提交审核"
    PASS_SECRECY = "pass_secrecy", "保密审查通过"
    PASS_FIRST = "pass_first", "初审通过"
    PASS_SECOND = "pass_second", "复审通过"
    PASS_FINAL = "pass_final", "终审通过并公开"
    SEND_BACK = "send_back", "退回修改"
    RECALL = "recall", "撤回审核"
    DESIGNATE = "designate", "指定办理人"
    ACKNOWLEDGE = "acknowledge", "确认错敏词"
    WITHDRAW = "withdraw", "撤回公开"
    REASSESS = "reassess", "转为主动公开"


SECRECY = Slot("secrecy", "保密审查", "保密审查人")
FIRST = Slot("first", "初审")
SECOND = Slot("second", "复审")
FINAL = Slot("final", "终审")
STAGES = (SECRECY, FIRST, SECOND, FINAL)
STAGE_OF = dict(zip(IN_REVIEW, STAGES, strict=True))

_AUTHOR = Party.AUTHOR.value
_REVIEW_GATES = (Gate.WORDS,)

CATALOGUE_ENTRY = Lifecycle(
    name="catalogue",
    label="目录信息",
    states=EntryState,
    actions=EntryAction,
    initial=EntryState.DRAFT,
    finals=frozenset({EntryState.WITHDRAWN}),
    moves=(
        Move(EntryAction.SUBMIT, (EntryState.DRAFT,), EntryState.SECRECY, STAFF, new_round=True),
        Move(
            EntryAction.PASS_SECRECY, (EntryState.SECRECY,), EntryState.FIRST,
            frozenset({Role.REVIEWER, Role.LEADER}), kind=MoveKind.SIGN, signs=SECRECY,
            apart=frozenset({_AUTHOR}), gates=(Gate.SECRECY, Gate.WORDS), note="审查意见",
        ),
        Move(
            EntryAction.PASS_FIRST, (EntryState.FIRST,), EntryState.SECOND,
            frozenset({Role.CLERK, Role.REVIEWER}), kind=MoveKind.SIGN, signs=FIRST,
            after=(SECRECY,), apart=frozenset({_AUTHOR}), gates=_REVIEW_GATES,
        ),
        Move(
            EntryAction.PASS_SECOND, (EntryState.SECOND,), EntryState.FINAL,
            frozenset({Role.REVIEWER}), kind=MoveKind.SIGN, signs=SECOND,
            after=(SECRECY, FIRST), apart=frozenset({_AUTHOR, FIRST.key}), gates=_REVIEW_GATES,
        ),
        Move(
            EntryAction.PASS_FINAL, (EntryState.FINAL,), EntryState.PUBLISHED,
            frozenset({Role.LEADER}), kind=MoveKind.SIGN, signs=FINAL,
            after=(SECRECY, FIRST, SECOND), apart=frozenset({_AUTHOR, FIRST.key, SECOND.key}),
            gates=_REVIEW_GATES,
        ),
        *unstick(
            IN_REVIEW, EntryState.DRAFT, send_back=EntryAction.SEND_BACK,
            recall=EntryAction.RECALL, designate=EntryAction.DESIGNATE,
            acknowledge=EntryAction.ACKNOWLEDGE,
        ),
        Move(
            EntryAction.WITHDRAW, (EntryState.PUBLISHED,), EntryState.WITHDRAWN, STAFF,
            note="撤回理由",
        ),
        # Art. 18: becoming proactive is a new decision to publish, reviewed from the start.
        Move(
            EntryAction.REASSESS, (EntryState.PUBLISHED, *IN_REVIEW), EntryState.SECRECY, STAFF,
            new_round=True,
        ),
    ),
)  # fmt: skip
