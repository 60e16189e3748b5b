"""The read replica against a real one: a private PostgreSQL primary and its streaming replica
(initdb, pg_basebackup -R) under /tmp on free ports, never the system cluster. The checks run in
tests/web/replica_probe.py, a process whose settings name the two clusters.

Runs only when selected (``-m replica``, ``make test-replica``): about 30–60 s, most of it
``migrate`` on the new primary; skipped when the PostgreSQL 15 binaries are absent.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bench.faults.stack import PG_BIN, Postgres, _as_postgres

pytestmark = [
    pytest.mark.replica,
    pytest.mark.slow,
    pytest.mark.skipif(not (PG_BIN / "pg_basebackup").exists(), reason=f"needs {PG_BIN}"),
]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def clusters(request: pytest.FixtureRequest) -> Iterator[tuple[Postgres, Postgres]]:
    if "replica" not in (request.config.getoption("-m") or ""):
        pytest.skip("the read replica's test runs with -m replica (make test-replica)")
    base = Path(tempfile.mkdtemp(prefix="gongkai-replica-"))
    base.chmod(0o755)  # the postgres account runs the servers
    primary = Postgres(base / "primary")
    replica = Postgres(base / "replica")
    try:
        primary.base.mkdir()
        primary.init()
        replica.base.mkdir()
        if os.geteuid() == 0:
            shutil.chown(replica.base, "postgres")
        subprocess.run(
            _as_postgres(
                [
                    str(PG_BIN / "pg_basebackup"),
                    *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"),
                    *("-D", str(replica.data), "-R", "-X", "stream", "-c", "fast"),
                ]
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        replica.start()
        yield primary, replica
    finally:
        replica.stop()
        primary.stop()
        shutil.rmtree(base, ignore_errors=True)


def probe(phase: str, primary: Postgres, replica: Postgres) -> dict[str, Any]:
    env = {
        **os.environ,
        "DATABASE_URL": primary.url,
        "DATABASE_REPLICA_URL": replica.url,
        "DJANGO_SETTINGS_MODULE": "gongkai_web.settings",
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests/web/replica_probe.py"), phase],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(phase, json.dumps(result, ensure_ascii=False))  # the measured lag, with -s
    return result


def test_it_reads_the_portal_from_the_replica_and_falls_back_when_it_is_down(
    clusters: tuple[Postgres, Postgres],
) -> None:
    primary, replica = clusters
    up = probe("up", primary, replica)
    assert up["portal"]["status"] == 200
    assert up["portal"]["replica"] > 0
    assert up["portal"]["default"] == 0, "a portal page read the primary"

    seen = up["write_then_read"]
    assert seen["replica_queries_before_write"] == 1 and not seen["found_before_write"]
    assert seen["found_after_write"], "the request did not see its own write"
    assert seen["replica_queries_after_write"] == 0, "a read after a write went to the replica"

    assert up["in_transaction"]["default"] > 0 and up["in_transaction"]["replica"] == 0

    lag = up["lag"]
    assert lag["samples"] == 40 and 0 < lag["median_ms"] <= lag["max_ms"] < 10_000

    replica.stop()
    down = probe("down", primary, replica)
    assert down["portal"]["status"] == 200 and down["portal"]["default"] > 0
    assert down["again"]["status"] == 200 and down["again"]["default"] > 0
    assert len(down["log"]) == 1, "one log line, then the replica is not retried for 30 s"
    assert down["log"][0].startswith("read replica unreachable, reading from the primary")
