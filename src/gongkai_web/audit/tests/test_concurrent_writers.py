"""Writers in parallel threads keep the chain linear: no two entries share a predecessor."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, transaction

from gongkai_web.audit import services as audit
from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.selectors import verify_chain

WRITERS = 4
EACH = 10


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_leave_an_intact_chain() -> None:
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory test database locks whole tables; see the file test below")
    run_writers()


def test_parallel_writers_on_a_sqlite_file(tmp_path: Path) -> None:
    # The production default is a SQLite file with BEGIN IMMEDIATE; run that in a fresh
    # interpreter, since the test database here is an in-memory one.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_CURRENT_TEST"}}
    env |= {"GONGKAI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "gongkai_web.settings"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith(f"intact {WRITERS * EACH}")


SCRIPT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from gongkai_web.audit.tests.test_concurrent_writers import run_writers
from gongkai_web.audit.selectors import verify_chain
run_writers()
report = verify_chain()
print("intact" if report.intact else report.first_break, report.checked)
"""


def run_writers() -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def write(number: int) -> None:
        try:
            start.wait()
            for index in range(EACH):
                with transaction.atomic():
                    audit.record(
                        actor=audit.SYSTEM,
                        action="test.parallel_write",
                        object_id=f"{number}-{index}",
                    )
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, WRITERS * EACH + 1)
    )
    assert verify_chain().intact
