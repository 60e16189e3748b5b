"""Counts and times every background task run through huey's hooks, and names the task in the
log lines written while it runs (context.current_task)."""

from __future__ import annotations

import threading
import time
from typing import Any

from huey import signals
from huey.contrib.djhuey import HUEY

from gongkai_web.observability import metrics
from gongkai_web.observability.context import current_task

# Pre- and post-execute hooks run in the worker's thread. A stack, because in immediate mode
# (tests, HUEY_IMMEDIATE) a task enqueued by a running task runs inside it.
_running = threading.local()


def _stack() -> list[tuple[float, Any]]:
    if not hasattr(_running, "stack"):
        _running.stack = []
    stack: list[tuple[float, Any]] = _running.stack
    return stack


def _started(task: Any) -> None:
    _stack().append((time.perf_counter(), current_task.set(f"{task.name}:{task.id}")))


def _ended(task: Any, value: Any, exc: BaseException | None) -> None:
    stack = _stack()
    if stack:
        started, token = stack.pop()
        metrics.TASK_DURATION.labels(task=task.name).observe(time.perf_counter() - started)
        current_task.reset(token)
    # huey has not yet counted this attempt: retries left means it runs again.
    outcome = "success" if exc is None else "retry" if task.retries else "failure"
    metrics.TASKS_RUN.labels(task=task.name, outcome=outcome).inc()


def _enqueued(signal: str, task: Any, *args: Any) -> None:
    metrics.TASKS_QUEUED.labels(task=task.name).inc()


def connect() -> None:
    HUEY.pre_execute("gongkai_observe")(_started)
    HUEY.post_execute("gongkai_observe")(_ended)
    HUEY.signal(signals.SIGNAL_ENQUEUED)(_enqueued)
