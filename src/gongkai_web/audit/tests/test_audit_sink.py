"""Cutting off the log's tail: delete the newest rows and move the chain head back (two SQL
statements). The head no longer tells; an anchor kept outside the database does."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import override_settings

from gongkai_web.audit import services as audit
from gongkai_web.audit import sink
from gongkai_web.audit.models import AuditEntry
from gongkai_web.organizations import services as org_services
from gongkai_web.organizations.tests.cast import Cast


def verify(*args: str) -> str:
    out = StringIO()
    call_command("verify_audit_chain", *args, stdout=out)
    return out.getvalue()


def cut_off_tail(rows: int) -> AuditEntry:
    """The attack: the newest ``rows`` entries deleted, the head moved back to the one before."""
    last = AuditEntry.objects.order_by("-seq")[rows]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq > %s", [last.seq])
        cursor.execute(
            "UPDATE audit_chainhead SET seq = %s, hash = %s WHERE id = 1", [last.seq, last.hash]
        )
    return last


def some_writes(cast: Cast, count: int) -> None:
    bureau = cast.agency("新华区教育局")
    actor = audit.Actor(user=cast.user("xinhua_supervisor"), role="supervisor")
    for n in range(count):
        org_services.update_agency(actor=actor, agency=bureau, office_phone=f"0375-100000{n}")


def test_without_an_anchor_the_cut_goes_unnoticed(cast: Cast) -> None:
    # What the review found; the head alone cannot tell, hence the sink.
    cut_off_tail(2)
    assert "审计链完好" in verify()


def test_an_anchor_past_the_last_row_fails_as_missing(cast: Cast) -> None:
    newest = AuditEntry.objects.order_by("-seq").first()
    assert newest is not None
    kept = cut_off_tail(2)
    with pytest.raises(CommandError) as caught:
        verify("--anchor", f"{newest.seq}:{newest.hash}")
    assert f"缺少第 {kept.seq + 1}–{newest.seq} 条审计记录" in str(caught.value)
    assert caught.value.returncode == 1


def test_the_sink_finds_a_cut_off_tail_with_no_option(
    cast: Cast, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with override_settings(GONGKAI_AUDIT_SINK=str(tmp_path)):
        with django_capture_on_commit_callbacks(execute=True):
            some_writes(cast, 4)
        lines = (tmp_path / sink.FILE_NAME).read_text().splitlines()
        assert len(lines) == 4
        assert all(sink.LINE.search(line) for line in lines)
        assert "与留存文件中的 4 个锚点一致" in verify()
        newest = AuditEntry.objects.order_by("-seq").first()
        assert newest is not None
        kept = cut_off_tail(2)
        with pytest.raises(CommandError) as caught:
            verify()
        assert f"缺少第 {kept.seq + 1}–{newest.seq} 条审计记录" in str(caught.value)


def test_a_rolled_back_change_leaves_no_anchor(
    cast: Cast, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with override_settings(GONGKAI_AUDIT_SINK=str(tmp_path)):
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(RuntimeError), transaction.atomic():
                audit.record(actor=audit.SYSTEM, action="case.deadline_extended")
                raise RuntimeError("the change fails")
            some_writes(cast, 1)
        assert len((tmp_path / sink.FILE_NAME).read_text().splitlines()) == 1
        assert "审计链完好" in verify()


def test_it_reads_a_copy_kept_on_another_machine(
    cast: Cast, tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    local = tmp_path / "local"
    with (
        override_settings(GONGKAI_AUDIT_SINK=str(local)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        some_writes(cast, 2)
    # A syslog server's file: each line prefixed with the time and host, other traffic between.
    remote = tmp_path / "remote.log"
    anchors = (local / sink.FILE_NAME).read_text().splitlines()
    remote.write_text(
        "Dec  3 10:00:00 web1 sshd[42]: session opened\n"
        + "".join(f"Dec  3 10:00:01 web1 gongkai: {line}\n" for line in anchors)
    )
    assert "与留存文件中的 2 个锚点一致" in verify("--sink", str(remote))
    cut_off_tail(1)
    with pytest.raises(CommandError, match="链尾记录已被删除"):
        verify("--sink", str(remote))
    with pytest.raises(CommandError, match="不存在"):
        verify("--sink", str(tmp_path / "nowhere.log"))


def test_it_names_a_sink_of_another_chain(cast: Cast, tmp_path: Path) -> None:
    (tmp_path / sink.FILE_NAME).write_text(
        sink.format_line(chain="0123456789abcdef", seq=1, digest="a" * 64, at=_now()) + "\n"
    )
    with (
        override_settings(GONGKAI_AUDIT_SINK=str(tmp_path)),
        pytest.raises(CommandError, match="记有另一条审计链"),
    ):
        verify()


def test_it_names_an_edited_sink(cast: Cast, tmp_path: Path) -> None:
    chain = audit.chain_id()
    (tmp_path / sink.FILE_NAME).write_text(
        "".join(
            sink.format_line(chain=chain, seq=1, digest=digest, at=_now()) + "\n"
            for digest in ("a" * 64, "b" * 64)
        )
    )
    with (
        override_settings(GONGKAI_AUDIT_SINK=str(tmp_path)),
        pytest.raises(CommandError, match="有两个不同的哈希"),
    ):
        verify()


def test_a_committed_entry_reaches_the_sink(transactional_db: None, tmp_path: Path) -> None:
    with override_settings(GONGKAI_AUDIT_SINK=str(tmp_path / "anchors")):
        with transaction.atomic():
            entry = audit.record(actor=audit.SYSTEM, action="system.started")
        line = (tmp_path / "anchors" / sink.FILE_NAME).read_text()
        match = sink.LINE.search(line)
        assert match is not None
        assert (int(match["seq"]), match["hash"]) == (entry.seq, entry.hash)
        assert oct((tmp_path / "anchors").stat().st_mode & 0o777) == "0o700"
        assert "与留存文件中的 1 个锚点一致" in verify()


def _now() -> Any:
    from django.utils import timezone

    return timezone.now()
