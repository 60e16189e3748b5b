"""A supervisor's batch check of published reports: a background job that ends, one way or another.

The worker starts it, and finishes it or records why it failed; a failed check shows its reason
to the person who uploaded it, who may run it again. A retried attempt (the worker died, the
queue retried) starts from a clean slate, so running twice never doubles its files.
"""

from __future__ import annotations

from gongkai.workflow.lifecycle import Labelled, Lifecycle, Move, Party, Role


class BatchState(Labelled):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "检查中"
    DONE = "done", "已完成"
    FAILED = "failed", "检查失败"


class BatchAction(Labelled):
    START = "start", "开始检查"
    FINISH = "finish", "检查完成"
    FAIL = "fail", "检查失败"
    RETRY = "retry", "重新检查"


_SYSTEM = frozenset({Party.SYSTEM})
_STARTABLE = (BatchState.QUEUED, BatchState.RUNNING)

BATCH_CHECK = Lifecycle(
    name="batch_check",
    label="批量检查",
    states=BatchState,
    actions=BatchAction,
    initial=BatchState.QUEUED,
    finals=frozenset({BatchState.DONE}),
    moves=(
        # From RUNNING too: the queue's retry of an attempt whose worker died.
        Move(BatchAction.START, _STARTABLE, BatchState.RUNNING, _SYSTEM),
        Move(BatchAction.FINISH, (BatchState.RUNNING,), BatchState.DONE, _SYSTEM),
        Move(
            BatchAction.FAIL, (BatchState.QUEUED, BatchState.RUNNING), BatchState.FAILED, _SYSTEM,
            note="失败原因",
        ),
        Move(
            BatchAction.RETRY, (BatchState.FAILED,), BatchState.QUEUED,
            frozenset({Party.AUTHOR, Role.SUPERVISOR}),
        ),
    ),
)  # fmt: skip
