"""`gongkai-web run_demo`: the server and the task-queue worker start and stop together."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gongkai_web(*args: str, env: dict[str, str], **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gongkai_web.manage", *args], env=env, **kwargs)


def wait_for(predicate, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up after {seconds} s")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().split(") ")[1].startswith("Z"))


def test_it_serves_the_demo_with_a_worker_and_stops_both(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}} | {
        "GONGKAI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "gongkai_web.settings",
        "PYTHONUNBUFFERED": "1",
        "HUEY_IMMEDIATE": "0",
        # Fast password hashing for the demo accounts; everything else as in development.
        "GONGKAI_ENV": "test",
    }
    env.pop("HUEY_REDIS_URL", None)
    for command in (("migrate", "--noinput"), ("load_demo",)):
        assert gongkai_web(*command, env=env, stdout=subprocess.DEVNULL).wait(120) == 0
    port = free_port()
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        server = gongkai_web(
            "run_demo", "--addrport", f"127.0.0.1:{port}", env=env, stdout=out, stderr=out
        )
    try:
        worker = int(wait_for(lambda: re.search(r"pid (\d+)", log.read_text(errors="replace")))[1])

        def fetch() -> str | None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/reports/1/") as r:
                    return r.read().decode()
            except OSError:
                return None

        page = wait_for(fetch)
        assert "全部规则通过" in page
        assert alive(worker)
        assert (tmp_path / "huey.sqlite3").exists()
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(30)

    assert code == 0, log.read_text(errors="replace")
    wait_for(lambda: not alive(worker), 15)
    assert "后台任务进程已停止" in log.read_text(errors="replace")


def test_it_stops_on_ctrl_c_even_when_started_with_sigint_ignored(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}} | {
        "GONGKAI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "gongkai_web.settings",
        "PYTHONUNBUFFERED": "1",
        "GONGKAI_ENV": "test",
        "HUEY_IMMEDIATE": "0",
    }
    port = free_port()
    log = tmp_path / "demo.log"
    with log.open("wb") as out:
        # As a shell starts a background job: SIGINT ignored.
        server = gongkai_web(
            "run_demo",
            "--addrport",
            f"127.0.0.1:{port}",
            env=env,
            stdout=out,
            stderr=out,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
        )
    try:
        worker = int(wait_for(lambda: re.search(r"pid (\d+)", log.read_text(errors="replace")))[1])
        wait_for(lambda: "Quit the server" in log.read_text(errors="replace"))
        server.send_signal(signal.SIGINT)
        code = server.wait(30)
    finally:
        if server.poll() is None:
            server.kill()

    assert code == 0, log.read_text(errors="replace")
    wait_for(lambda: not alive(worker), 15)
    assert "意外退出" not in log.read_text(errors="replace")
