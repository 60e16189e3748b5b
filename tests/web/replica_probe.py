"""Run by test_read_replica.py in a process of its own, whose DATABASE_URL and
DATABASE_REPLICA_URL name the test's primary and streaming replica; prints one JSON object.

``up``: migrate, then which connection portal pages, a write-then-read and a transaction use,
and the replica's lag. ``down`` (replica stopped): the portal still answers, from the primary.
"""

from __future__ import annotations

import json
import logging
import statistics
import sys
import time
import uuid
from contextlib import ExitStack
from typing import Any

import django


def queries_by_alias(call: Any, aliases: tuple[str, ...] = ("default", "replica")) -> Any:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    # Entering a capture connects, so a replica that is down is left out of ``aliases``.
    with ExitStack() as stack:
        captured = {a: stack.enter_context(CaptureQueriesContext(connections[a])) for a in aliases}
        result = call()
    return result, {a: len(c.captured_queries) for a, c in captured.items()}


def portal(client: Any, aliases: tuple[str, ...] = ("default", "replica")) -> Any:
    response, counts = queries_by_alias(lambda: client.get("/gk/"), aliases)
    return response.status_code, counts


def write_then_read() -> dict[str, Any]:
    from django.contrib.auth.models import Group
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from gongkai_web.operations.replica import replica_reads

    name = f"replica-probe-{uuid.uuid4().hex[:8]}"
    seen: dict[str, Any] = {}

    @replica_reads
    def view() -> None:
        with CaptureQueriesContext(connections["replica"]) as before:
            seen["found_before_write"] = Group.objects.filter(name=name).exists()
        seen["replica_queries_before_write"] = len(before)
        Group.objects.create(name=name)
        with CaptureQueriesContext(connections["replica"]) as after:
            seen["found_after_write"] = Group.objects.filter(name=name).exists()
        seen["replica_queries_after_write"] = len(after)

    view()
    return seen


def in_transaction() -> dict[str, int]:
    from django.contrib.auth.models import Group
    from django.db import transaction

    from gongkai_web.operations.replica import replica_reads

    @replica_reads
    def view() -> None:
        with transaction.atomic():
            Group.objects.filter(name="nobody").exists()

    return queries_by_alias(view)[1]


def lag(samples: int = 40) -> dict[str, float]:
    from django.db import connections

    waits = []
    with connections["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS replica_probe_lag (n integer)")
    for n in range(samples):
        with connections["default"].cursor() as cursor:
            cursor.execute("INSERT INTO replica_probe_lag VALUES (%s)", [n])
        start = time.perf_counter()
        while True:
            with connections["replica"].cursor() as cursor:
                cursor.execute("SELECT 1 FROM replica_probe_lag WHERE n = %s", [n])
                if cursor.fetchone():
                    break
            if time.perf_counter() - start > 10:
                raise SystemExit(f"row {n} not on the replica after 10 s")
        waits.append((time.perf_counter() - start) * 1000)
    waits.sort()
    return {
        "samples": samples,
        "median_ms": round(statistics.median(waits), 2),
        "p95_ms": round(waits[int(samples * 0.95) - 1], 2),
        "max_ms": round(waits[-1], 2),
    }


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def main(phase: str) -> dict[str, Any]:
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host is allowed
    client = Client()
    if phase == "up":
        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_s = round(time.perf_counter() - start, 1)
        status, counts = portal(client)
        return {
            "migrate_s": migrate_s,
            "portal": {"status": status, **counts},
            "write_then_read": write_then_read(),
            "in_transaction": in_transaction(),
            "lag": lag(),
        }
    lines = Lines()
    logging.getLogger("gongkai_web.operations.replica").addHandler(lines)
    start = time.perf_counter()
    status, counts = portal(client, ("default",))
    first_ms = (time.perf_counter() - start) * 1000
    again_status, again = portal(client, ("default",))
    return {
        "portal": {"status": status, "ms": round(first_ms, 1), **counts},
        "again": {"status": again_status, **again},
        "log": lines.lines,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
