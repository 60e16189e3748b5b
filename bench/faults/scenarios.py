"""The faults, one function each: (a) web workers killed, (b) the task worker killed,
(c) PostgreSQL restarted, (d) the queue or the cache unreachable, (e) forms posted again."""

from __future__ import annotations

import os
import random
import re
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass

import redis

from bench.faults import checks
from bench.faults.client import Form, Outcome, draw_forms, post_once, submit_all
from bench.faults.stack import Stack

CHINESE = re.compile(r"[\u4e00-\u9fff]{4,}")


@dataclass(frozen=True)
class Size:
    submissions: int  # (a)
    kills: int  # (a) web workers killed; (b) task worker killed
    receipts: int  # (b)
    restart_load: int  # (c)
    unreachable: int  # (d), per case
    again: int  # (e)
    receipt_wait: float  # seconds to wait for the task worker's own sweep (every minute)
    # Quick runs do not wait for the minute: after a short wait the command sweeps.
    sweep_by_command: bool = False


FULL = Size(1000, 10, 200, 200, 30, 15, 150)
QUICK = Size(40, 2, 30, 40, 8, 4, 10, sweep_by_command=True)


def _ensure_running(stack: Stack) -> None:
    if stack.app.server is None:
        stack.app.start_server()
    if stack.app.worker is None:
        stack.app.start_worker()


def _outcome_figures(report: checks.Report, forms: list[Form], outcome: Outcome) -> None:
    report.figures["posts acknowledged"] = f"{sum(1 for f in forms if f.tracking)} of {len(forms)}"
    report.figures["failed attempts by status (0 = connection lost)"] = dict(outcome.errors)
    report.figures["forms posted again after a failure"] = sum(
        1 for f in forms if len(f.statuses) > 1
    )
    refused = [f.refused for f in forms if f.refused]
    if refused:
        report.figures["refused"] = refused[:3]
    report.figures["seconds"] = round(outcome.seconds, 1)


def _after(stack: Stack, report: checks.Report, forms: list[Form], size: Size) -> None:
    checks.stored_completely(stack, forms, report)
    if size.sweep_by_command:
        checks.receipts_exactly_once(stack, checks.Report(), size.receipt_wait)
        swept = stack.app.manage("render_owed_receipts", "--older-than", "0").strip()
        report.figures["swept by the command"] = swept
    report.figures["receipts complete after (s)"] = round(
        checks.receipts_exactly_once(stack, report, size.receipt_wait), 1
    )
    checks.orphan_files(stack, report)
    checks.audit_chain(stack, report)


def web_workers_killed(stack: Stack, size: Size) -> checks.Report:
    """(a) kill -9 of a gunicorn worker, ``size.kills`` times during the submissions."""
    _ensure_running(stack)
    agency, forms = draw_forms(stack.app, size.submissions)
    every = max(1, size.submissions // (size.kills + 1))
    kills: list[int] = []

    def kill_soon(done: int) -> None:
        if done % every or len(kills) >= size.kills:
            return
        kills.append(done)

        def kill() -> None:
            time.sleep(random.uniform(0, 0.3))  # land inside some request, not between them
            workers = stack.app.web_workers()
            if workers:
                os.kill(random.choice(workers), signal.SIGKILL)

        threading.Thread(target=kill, daemon=True).start()

    outcome = submit_all(stack.app.port, agency, forms, on_done=kill_soon)
    report = checks.Report()
    report.figures["web workers killed"] = len(kills)
    _outcome_figures(report, forms, outcome)
    ms = outcome.seconds / max(1, len(forms))
    report.figures["submissions per second"] = round(1 / ms, 1)
    report.require(all(f.tracking for f in forms), "some forms were never acknowledged")
    _after(stack, report, forms, size)
    return report


def task_worker_killed(stack: Stack, size: Size) -> checks.Report:
    """(b) kill -9 of the task worker while it renders receipts, then a restart."""
    _ensure_running(stack)
    queue = redis.Redis.from_url(stack.queue.url)
    agency, forms = draw_forms(stack.app, size.receipts)
    box: dict[str, Outcome] = {}
    poster = threading.Thread(
        target=lambda: box.setdefault("o", submit_all(stack.app.port, agency, forms))
    )
    poster.start()
    kills = 0
    while kills < size.kills and poster.is_alive():
        time.sleep(2.0)
        stack.app.kill_worker()
        kills += 1
        time.sleep(0.5)
        stack.app.start_worker()
    poster.join(timeout=900)
    while kills < size.kills:  # the posts ended first: kill it while it works off the queue
        stack.app.kill_worker()
        kills += 1
        stack.app.start_worker()
        time.sleep(1.5)
    report = checks.Report()
    report.figures["task worker killed"] = kills
    _outcome_figures(report, forms, box["o"])
    began = time.monotonic()
    while time.monotonic() - began < 120 and sum(
        int(queue.llen(k)) for k in queue.keys("huey.redis.*") if queue.type(k) == b"list"
    ):
        time.sleep(0.5)
    lost = checks._rows(
        stack.postgres.url, "SELECT count(*) FROM cases_application WHERE receipt_owed"
    )[0][0]
    report.figures["receipts owed once the queue was empty (tasks lost)"] = lost
    _after(stack, report, forms, size)
    return report


def postgres_restarted(stack: Stack, size: Size) -> checks.Report:
    """(c) PostgreSQL restarted (fast shutdown) while the form is being posted."""
    _ensure_running(stack)
    agency, forms = draw_forms(stack.app, size.restart_load)
    box: dict[str, Outcome] = {}
    poster = threading.Thread(
        target=lambda: box.setdefault("o", submit_all(stack.app.port, agency, forms))
    )
    began = time.monotonic()
    poster.start()
    time.sleep(3.0)
    restart_at = time.monotonic() - began
    stack.postgres.restart()
    restarted_in = time.monotonic() - began - restart_at
    poster.join(timeout=900)
    outcome = box["o"]
    report = checks.Report()
    report.figures["restart took (s)"] = round(restarted_in, 2)
    _outcome_figures(report, forms, outcome)
    failures = [t for t, status in outcome.timeline if status != 302]
    if failures:
        last = max(failures)
        recovered = min((t for t, s in outcome.timeline if s == 302 and t > last), default=None)
        report.figures["failed attempts from/to (s after the start)"] = (
            f"{min(failures):.2f}–{last:.2f} (restart began at {restart_at:.2f})"
        )
        report.figures["first acknowledged post after the last failure (s)"] = (
            None if recovered is None else round(recovered - last, 2)
        )
    statuses = set(outcome.errors)
    report.require(statuses <= {0, 500, 502, 503}, f"failures other than 5xx: {statuses}")
    if 500 in outcome.bodies:
        report.figures["500 page is Chinese"] = bool(CHINESE.search(outcome.bodies[500]))
    if 503 in outcome.bodies:
        text = outcome.bodies[503]
        report.figures["503 page is Chinese"] = bool(CHINESE.search(text))
        report.require(bool(CHINESE.search(text)), "the 503 page has no Chinese text")
    report.require(500 not in statuses, "500 instead of the 503 page during the restart")
    report.require(all(f.tracking for f in forms), "not every form acknowledged after recovery")
    _after(stack, report, forms, size)
    return report


def _stored_or_refused(stack: Stack, forms: list[Form], report: checks.Report, case: str) -> None:
    keys = {
        str(k)
        for (k,) in checks._rows(stack.postgres.url, "SELECT submission_key FROM cases_application")
    }
    both = [f.index for f in forms if not f.tracking and f.key in keys]
    report.require(not both, f"{case}: stored but not acknowledged: {both[:5]}")
    counts = Counter(
        "stored and acknowledged" if f.tracking else "refused, nothing stored" for f in forms
    )
    report.figures[case] = dict(counts)


def redis_unreachable(stack: Stack, size: Size) -> checks.Report:
    """(d) the queue's Redis, then the cache's, then both, stopped while forms are posted."""
    _ensure_running(stack)
    report = checks.Report()
    every: list[Form] = []
    cases = (
        ("queue unreachable", (stack.queue,)),
        ("cache unreachable", (stack.cache,)),
        ("queue and cache unreachable", (stack.queue, stack.cache)),
    )
    for case, servers in cases:
        agency, forms = draw_forms(stack.app, size.unreachable)
        for server in servers:
            server.stop()
        try:
            outcome = submit_all(stack.app.port, agency, forms, retries=1)
        finally:
            for server in servers:
                server.start()
        _stored_or_refused(stack, forms, report, case)
        report.figures[f"{case}: failed attempts"] = dict(outcome.errors)
        every.extend(forms)
    _after(stack, report, every, size)
    return report


def posted_again(stack: Stack, size: Size) -> checks.Report:
    """(e) each form posted, then posted twice more at once: one application, one number."""
    _ensure_running(stack)
    agency, forms = draw_forms(stack.app, size.again)
    answers: dict[int, list[str]] = {f.index: [] for f in forms}
    lock = threading.Lock()

    def post(form: Form) -> None:
        status, location, _ = post_once(stack.app.port, agency, form)
        with lock:
            answers[form.index].append(location if status == 302 else f"status {status}")

    for form in forms:
        post(form)
        twins = [threading.Thread(target=post, args=(form,)) for _ in range(2)]
        for twin in twins:
            twin.start()
        for twin in twins:
            twin.join(timeout=120)
        first = answers[form.index][0]
        form.tracking = first.rstrip("/").rsplit("/", 1)[-1] if "/apply/" in first else ""
    report = checks.Report()
    differing = [i for i, got in answers.items() if len(set(got)) != 1 or len(got) != 3]
    report.require(not differing, f"posts of one form answered differently: {differing[:3]}")
    report.figures["forms each posted 3 times"] = len(forms)
    _after(stack, report, forms, size)
    return report


SCENARIOS = {
    "web-kill": web_workers_killed,
    "task-kill": task_worker_killed,
    "pg-restart": postgres_restarted,
    "redis-down": redis_unreachable,
    "again": posted_again,
}
