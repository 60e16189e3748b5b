"""The web layer reads the time only through gongkai_web.clock, so freezing it there sets the
time for every view, service, task and command (see that module for what Django reads itself).

The scan is of the source, not of the tests: tests may compare with the real clock."""

from __future__ import annotations

import ast
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "src" / "gongkai_web"
CLOCK = WEB / "clock.py"

# Calls that read the system clock, by the dotted name they are written with. Conversions
# with an argument (timezone.localtime(moment), timezone.localdate(moment)) are not readings.
READS = {
    "timezone.now", "django.utils.timezone.now", "now",
    "datetime.now", "datetime.today", "datetime.utcnow", "date.today",
    "dt.datetime.now", "dt.datetime.today", "dt.datetime.utcnow", "dt.date.today",
    "datetime.datetime.now", "datetime.datetime.today", "datetime.datetime.utcnow",
    "datetime.date.today",
    "time.time", "time.time_ns", "time.monotonic", "time.localtime", "time.gmtime",
}  # fmt: skip
# Read the clock only when called without a moment.
READS_WITHOUT_ARGUMENT = {"timezone.localtime", "timezone.localdate", "localtime", "localdate"}
# Passed uncalled, as a default (default=timezone.now), they read the clock later.
REFERENCES = {"timezone.now", "timezone.localdate", "timezone.localtime"}


def dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return ""


def imported_names(tree: ast.Module) -> set[str]:
    """Names bound by `from django.utils.timezone import now` and the like."""
    bound = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in (
            "django.utils.timezone", "time", "datetime",
        ):  # fmt: skip
            bound.update(alias.asname or alias.name for alias in node.names)
    return bound


def clock_reads(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bare = imported_names(tree)
    where = path.relative_to(WEB.parent) if path.is_relative_to(WEB) else path.name
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            if name in ("now", "localtime", "localdate") and name not in bare:
                continue  # a local function of that name (a view's own helper …)
            if name in READS or (
                name in READS_WITHOUT_ARGUMENT and not node.args and not node.keywords
            ):
                found.append((node.lineno, f"{name}()"))
        elif isinstance(node, ast.keyword) and dotted(node.value) in REFERENCES:
            found.append((node.value.lineno, dotted(node.value)))
    return [f"{where}:{line} {what}" for line, what in sorted(found)]


def sources() -> list[Path]:
    return [
        path
        for path in sorted(WEB.rglob("*.py"))
        if path != CLOCK and not {"migrations", "tests"} & set(path.relative_to(WEB).parts)
    ]


def test_it_finds_no_clock_read_outside_the_clock_module() -> None:
    found = [read for path in sources() for read in clock_reads(path)]
    assert not found, "read the time through gongkai_web.clock:\n" + "\n".join(found)


def test_it_would_find_each_kind_of_reading(tmp_path: Path) -> None:
    # The scan itself can fail: each way of reading the clock is caught.
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import datetime as dt\nimport time\nfrom django.utils import timezone\n"
        "from django.utils.timezone import now\n"
        "a = timezone.now()\nb = timezone.localdate()\nc = dt.date.today()\n"
        "d = time.time()\ne = now()\nf = timezone.localtime()\n"
        "g = models.DateTimeField(default=timezone.now)\n"
        "ok = timezone.localtime(a)\n",
        encoding="utf-8",
    )
    found = clock_reads(probe)
    assert [line.split(" ", 1)[1] for line in found] == [
        "timezone.now()", "timezone.localdate()", "dt.date.today()", "time.time()", "now()",
        "timezone.localtime()", "timezone.now",
    ]  # fmt: skip
    assert CLOCK.exists() and clock_reads(CLOCK)  # the one module that reads it does
