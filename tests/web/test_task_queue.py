"""The task queue as settings build it: SQLite by default, Redis when REDIS_URL is set.

Each test runs in a fresh interpreter with HUEY_IMMEDIATE=0, enqueues a task through the
configured queue, takes it back out as a worker would and runs it.
"""

import os
import subprocess
import sys
import uuid

import pytest

ROUND_TRIP = """
import django
django.setup()
from huey.contrib.djhuey import HUEY

@HUEY.task()
def add(a, b):
    return a + b

try:
    result = add(2, 3)
    assert len(HUEY) == 1, len(HUEY)
    HUEY.execute(HUEY.dequeue())
    print(type(HUEY).__name__, result.get())
finally:
    HUEY.flush()
"""


def round_trip(env: dict[str, str]) -> str:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("REDIS", "HUEY", "DATABASE_URL"))
    }
    done = subprocess.run(
        [sys.executable, "-c", ROUND_TRIP],
        env=base | {"DJANGO_SETTINGS_MODULE": "gongkai_web.settings", "HUEY_IMMEDIATE": "0"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_it_runs_tasks_inline_in_the_tests(settings):
    from huey.contrib.djhuey import HUEY

    assert HUEY.immediate
    assert settings.HUEY["immediate"] is True


def test_it_queues_tasks_in_a_sqlite_file_by_default(tmp_path):
    assert round_trip({"GONGKAI_VAR_DIR": str(tmp_path)}) == "SqliteHuey 5"
    assert (tmp_path / "huey.sqlite3").exists()


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI sets it to test Redis)"
)
def test_it_queues_tasks_on_redis_when_redis_url_is_set():
    name = f"gongkai-test-{uuid.uuid4().hex[:8]}"

    assert round_trip({"REDIS_URL": os.environ["REDIS_URL"], "HUEY_NAME": name}) == "RedisHuey 5"
