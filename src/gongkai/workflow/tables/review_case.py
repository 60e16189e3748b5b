"""A 行政复议 or 行政诉讼 about an application (table 四): filed, then decided; a wrong result is
corrected with a reason rather than overwritten."""

from __future__ import annotations

from gongkai.workflow.lifecycle import Labelled, Lifecycle, Move, Role


class ReviewCaseState(Labelled):
    PENDING = "pending", "审理中"
    DECIDED = "decided", "已审结"


class ReviewCaseAction(Labelled):
    DECIDE = "decide", "登记审结结果"
    REOPEN = "reopen", "更正审结结果"


_CLERKS = frozenset({Role.CLERK})

REVIEW_CASE = Lifecycle(
    name="review_case",
    label="行政复议、行政诉讼",
    states=ReviewCaseState,
    actions=ReviewCaseAction,
    initial=ReviewCaseState.PENDING,
    finals=frozenset(),
    moves=(
        Move(ReviewCaseAction.DECIDE, (ReviewCaseState.PENDING,), ReviewCaseState.DECIDED, _CLERKS),
        Move(
            ReviewCaseAction.REOPEN, (ReviewCaseState.DECIDED,), ReviewCaseState.PENDING,
            frozenset({Role.CLERK, Role.LEADER}), note="更正理由",
        ),
    ),
)  # fmt: skip
