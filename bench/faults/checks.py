"""What must hold after a fault: read from the database and the stored files."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import psycopg

from bench.faults.client import Form
from bench.faults.stack import Stack


@dataclass
class Report:
    applications: int = 0
    acknowledged: int = 0
    problems: list[str] = field(default_factory=list)
    figures: dict[str, object] = field(default_factory=dict)

    def require(self, ok: bool, problem: str) -> None:
        if not ok:
            self.problems.append(problem)


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        return list(conn.execute(sql).fetchall())


def stored_completely(stack: Stack, forms: Iterable[Form], report: Report) -> None:
    """Every acknowledged form stored with everything it carries; nothing half-written; no
    key filed twice."""
    url = stack.postgres.url
    forms = list(forms)
    apps = {
        str(key): (int(pk), str(tracking))  # type: ignore[call-overload]
        for pk, tracking, key in _rows(
            url, "SELECT id, tracking_number, submission_key FROM cases_application"
        )
    }
    report.applications = len(apps)
    duplicates = _rows(
        url,
        "SELECT submission_key FROM cases_application WHERE submission_key <> '' "
        "GROUP BY 1 HAVING count(*) > 1",
    )
    report.require(not duplicates, f"{len(duplicates)} keys filed more than once")
    acknowledged = [f for f in forms if f.tracking]
    report.acknowledged = len(acknowledged)
    lost = [f.tracking for f in acknowledged if apps.get(f.key, (0, ""))[1] != f.tracking]
    report.require(not lost, f"acknowledged but not stored: {lost[:5]} ({len(lost)})")
    unanswered = [f.key for f in forms if not f.tracking and f.key in apps]
    report.figures["stored though never acknowledged"] = len(unanswered)
    pks = {pk for pk, _ in apps.values()}
    events = dict(
        _rows(
            url,
            "SELECT application_id, count(*) FROM cases_caseevent WHERE action='submit' GROUP BY 1",
        )
    )
    audits = dict(
        _rows(
            url,
            "SELECT object_id, count(*) FROM audit_auditentry WHERE action='case.received'"
            " GROUP BY 1",
        )
    )
    files = {
        int(a): (str(name), str(sha))  # type: ignore[call-overload]
        for a, name, sha in _rows(
            url,
            "SELECT a.application_id, f.storage_name, f.sha256 FROM cases_attachment a "
            "JOIN operations_storedfile f ON f.id = a.file_id",
        )
    }
    half = [pk for pk in pks if events.get(pk) != 1 or audits.get(str(pk)) != 1 or pk not in files]
    report.require(not half, f"half-written applications: {sorted(half)[:5]} ({len(half)})")
    damaged = [
        name
        for name, sha in files.values()
        if not (stack.media / name).exists()
        or hashlib.sha256((stack.media / name).read_bytes()).hexdigest() != sha
    ]
    report.require(not damaged, f"scans missing or damaged on disk: {damaged[:5]}")


def receipts_exactly_once(stack: Stack, report: Report, wait: float) -> float:
    """Wait for every application's receipt while the task worker makes progress (at most
    ``wait`` seconds without one rendered, 15 minutes in all); then exactly one each."""
    url = stack.postgres.url
    began = last_progress = time.monotonic()
    owed: list[tuple[object, ...]] = []
    left = -1
    while time.monotonic() - last_progress < wait and time.monotonic() - began < 900:
        owed = _rows(
            url,
            "SELECT a.id FROM cases_application a WHERE NOT EXISTS (SELECT 1 FROM "
            "cases_letter l WHERE l.application_id = a.id AND l.kind = 'receipt')",
        )
        if not owed:
            break
        if len(owed) != left:
            left, last_progress = len(owed), time.monotonic()
        time.sleep(1)
    waited = time.monotonic() - began
    report.require(not owed, f"{len(owed)} applications without a receipt after {wait:.0f} s")
    twice = _rows(
        url,
        "SELECT application_id FROM cases_letter WHERE kind = 'receipt' "
        "GROUP BY 1 HAVING count(*) > 1",
    )
    report.require(not twice, f"{len(twice)} applications with more than one receipt")
    marked = _rows(url, "SELECT count(*) FROM cases_application WHERE receipt_owed")[0][0]
    if not owed:
        report.require(marked == 0, f"{marked} applications with a receipt still marked owed")
    return waited


def orphan_files(stack: Stack, report: Report) -> None:
    """Files with no row, counted, then removed by the sweep (grace 0: nothing is writing)."""
    known = {
        str(name)
        for (name,) in _rows(stack.postgres.url, "SELECT storage_name FROM operations_storedfile")
    }
    folder = stack.media / "files"
    on_disk = {f"files/{p.name}" for p in folder.iterdir()} if folder.exists() else set()
    report.figures["orphan files before the sweep"] = len(on_disk - known)
    out = stack.app.manage("remove_orphan_files", "--grace-hours", "0")
    left = {f"files/{p.name}" for p in folder.iterdir()} - known if folder.exists() else set()
    report.require(not left, f"{len(left)} files without a row after the sweep ({out.strip()})")
    missing = known - on_disk
    report.require(not missing, f"{len(missing)} stored files' rows name no file on disk")


def audit_chain(stack: Stack, report: Report) -> None:
    try:
        stack.app.manage("verify_audit_chain")
    except Exception as error:  # the command exits 1 on a break and says where
        report.problems.append(f"audit chain: {error}")
