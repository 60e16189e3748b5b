"""Under gunicorn every worker counts its own requests; with PROMETHEUS_MULTIPROC_DIR a scrape,
whichever worker answers it, adds up every process's counts — also those of workers that have
since exited and of the task worker."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.slow

TASK_WORKER = """
import django
django.setup()
from huey.contrib.djhuey import HUEY

@HUEY.task(name="observability_worker_task")
def add(a, b):
    return a + b

for _ in range(4):
    add(2, 3)
while len(HUEY):
    HUEY.execute(HUEY.dequeue())
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, str]:
    # A replaced worker loads Django before it answers: seconds on a busy machine.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=90)
    try:
        connection.request("GET", path, headers={"Connection": "close"})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def _children(parent: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def _count(text: str, name: str, **labels: str) -> float:
    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total


def test_it_adds_up_the_counts_of_every_gunicorn_worker(tmp_path: Path) -> None:
    multiproc = tmp_path / "metrics"
    multiproc.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("REDIS", "CACHE", "HUEY", "GONGKAI", "DATABASE", "DEBUG"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="gongkai_web.settings",
        GONGKAI_ENV="development",
        GONGKAI_VAR_DIR=str(tmp_path / "var"),
        PROMETHEUS_MULTIPROC_DIR=str(multiproc),
        HUEY_IMMEDIATE="0",
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "gongkai_web.wsgi:application"),
            *("-c", "python:gongkai_web.observability.gunicorn_hooks"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "2"),
            # Each worker exits after 10 requests and is replaced: 30 requests are answered
            # by at least three processes, whose counts must all reach the scrape.
            *("--max-requests", "10"),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _ = _get(port, "/metrics")
                if status == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)

        for _ in range(30):
            status, body = _get(port, "/healthz")
            assert status == 200, body
        worker = subprocess.Popen([sys.executable, "-c", TASK_WORKER], env=env)
        assert worker.wait(timeout=120) == 0

        status, text = _get(port, "/metrics")
        assert status == 200
        assert _count(text, "gongkai_http_requests_total", route="healthz", status="2xx") == 30
        assert _count(text, "gongkai_http_request_duration_seconds_count", route="healthz") == 30
        assert (
            _count(text, "gongkai_tasks_total", task="observability_worker_task", outcome="success")
            == 4
        )
        pids = {
            match.group(1)
            for path in multiproc.iterdir()
            if (match := re.match(r"counter_(\d+)\.db$", path.name))
        }
        assert len(pids) >= 4, pids  # three or more web workers and the task worker
        # The child_exit hook forgot the exited web workers' in-progress gauges.
        live = {str(pid) for pid in _children(server.pid)} | {str(worker.pid)}
        gauges = {
            match.group(1)
            for path in multiproc.iterdir()
            if (match := re.match(r"gauge_livesum_(\d+)\.db$", path.name))
        }
        assert gauges <= live, (gauges, live)
        assert _count(text, "gongkai_http_requests_in_progress") == 1  # the scrape itself
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_missing_multiprocess_directory_stops_start_up(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", "import gongkai_web.settings"],
        env={
            **os.environ,
            "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "absent"),
            "GONGKAI_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "环境变量 PROMETHEUS_MULTIPROC_DIR 指向的目录" in run.stderr
    assert "不存在" in run.stderr
