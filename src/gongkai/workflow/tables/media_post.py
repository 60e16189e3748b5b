"""A new-media post: 三审三校 before it goes out (先审后发, regulation.md §7).

三审 runs 初审 (the editor) → 复审 (the section head) → 终审 (the leader in charge), three
different people. 三校 runs 一校 → 二校 → 三校, each read by someone other than the author
(repeating a proofreader is local practice and allowed). The chains run side by side once the
post is submitted; the sixth signature makes it ready, and only a ready post is published.
"""

from __future__ import annotations

from gongkai.workflow.lifecycle import (
    Gate,
    Labelled,
    Lifecycle,
    Move,
    MoveKind,
    Party,
    Role,
    Slot,
    all_signed,
    when_signed,
)
from gongkai.workflow.tables._common import STAFF, entered, unstick


class PostState(Labelled):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "审校中"
    READY = "ready", "待发布"
    PUBLISHED = "published", "已发布"


class PostAction(Labelled):
    SUBMIT = "submit", "提交审校"
    REVIEW_1 = "review1", "初审"
    REVIEW_2 = "review2", "复审"
    REVIEW_3 = "review3", "终审"
    PROOF_1 = "proof1", "一校"
    PROOF_2 = "proof2", "二校"
    PROOF_3 = "proof3", "三校"
    SEND_BACK = "send_back", "退回修改"
    RECALL = "recall", "撤回审校"
    DESIGNATE = "designate", "指定办理人"
    ACKNOWLEDGE = "acknowledge", "确认错敏词或个人信息"
    PUBLISH = "publish", "发布"
    IMPORT = "import", "导入（系统外已发布）"


REVIEW_1 = Slot("review1", "初审")
REVIEW_2 = Slot("review2", "复审")
REVIEW_3 = Slot("review3", "终审")
PROOF_1 = Slot("proof1", "一校", "一校人")
PROOF_2 = Slot("proof2", "二校", "二校人")
PROOF_3 = Slot("proof3", "三校", "三校人")
REVIEWS = (REVIEW_1, REVIEW_2, REVIEW_3)
PROOFS = (PROOF_1, PROOF_2, PROOF_3)
ALL_STEPS = REVIEWS + PROOFS

_SIGNING = (PostState.IN_REVIEW,)
_DONE = when_signed(all_signed(*ALL_STEPS), PostState.READY, PostState.IN_REVIEW)
_AUTHOR = Party.AUTHOR.value
# The matrix's operators: the agency's staff, and its 政务公开办 above.
OPERATORS = STAFF | {Party.SUPERVISOR_ABOVE}


def _sign(
    action: PostAction, slot: Slot, by: frozenset[str], chain: tuple[Slot, ...]
) -> Move[PostState, PostAction]:
    index = chain.index(slot)
    apart = frozenset(s.key for s in chain[:index]) if chain is REVIEWS else frozenset({_AUTHOR})
    return Move(
        action, _SIGNING, _DONE, by, kind=MoveKind.SIGN, signs=slot, after=chain[:index],
        apart=apart, gates=(Gate.PERSONAL, Gate.WORDS),
    )  # fmt: skip


MEDIA_POST = Lifecycle(
    name="media_post",
    label="新媒体信息",
    states=PostState,
    actions=PostAction,
    initial=PostState.DRAFT,
    finals=frozenset({PostState.PUBLISHED}),
    moves=(
        Move(PostAction.SUBMIT, (PostState.DRAFT,), PostState.IN_REVIEW, OPERATORS, new_round=True),
        _sign(PostAction.REVIEW_1, REVIEW_1, frozenset({Role.CLERK}), REVIEWS),
        _sign(PostAction.REVIEW_2, REVIEW_2, frozenset({Role.REVIEWER}), REVIEWS),
        _sign(PostAction.REVIEW_3, REVIEW_3, frozenset({Role.LEADER}), REVIEWS),
        _sign(PostAction.PROOF_1, PROOF_1, STAFF, PROOFS),
        _sign(PostAction.PROOF_2, PROOF_2, STAFF, PROOFS),
        _sign(PostAction.PROOF_3, PROOF_3, STAFF, PROOFS),
        *unstick(
            (PostState.IN_REVIEW, PostState.READY),
            PostState.DRAFT,
            send_back=PostAction.SEND_BACK,
            recall=PostAction.RECALL,
            designate=PostAction.DESIGNATE,
            acknowledge=PostAction.ACKNOWLEDGE,
        ),
        Move(PostAction.PUBLISH, (PostState.READY,), PostState.PUBLISHED, OPERATORS),
        # Posts already out on the platform (its export, its RSS): no 三审三校 here.
        entered(PostAction.IMPORT, PostState.DRAFT, PostState.PUBLISHED, OPERATORS),
    ),
)
