"""Every write leaves a chained SM3 entry; editing the database directly is detected."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from gongkai_web.audit import services as audit
from gongkai_web.audit.models import AuditEntry
from gongkai_web.organizations import services as org_services
from gongkai_web.organizations.tests.cast import Cast


def verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


def test_it_finds_the_demo_chain_intact(cast: Cast) -> None:
    count = AuditEntry.objects.count()
    assert count > 10
    assert f"审计链完好：共 {count} 条记录" in verify()


def test_it_records_who_what_where_in_the_same_transaction(cast: Cast) -> None:
    bureau = cast.agency("新华区教育局")
    actor = audit.Actor(
        user=cast.user("xinhua_supervisor"), role="supervisor", agency=bureau, address="10.0.0.9"
    )
    org_services.update_agency(actor=actor, agency=bureau, office_phone="0375-1234567")
    entry = AuditEntry.objects.get(action="agency.updated")
    assert entry.actor_name == "xinhua_supervisor"
    assert (entry.role, entry.agency_name, entry.address) == (
        "supervisor",
        "新华区教育局",
        "10.0.0.9",
    )
    assert entry.changes == {"office_phone": {"before": "0375-0000003", "after": "0375-1234567"}}


def test_a_failed_change_leaves_no_entry(cast: Cast) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(actor=audit.SYSTEM, action="case.deadline_extended")
        raise RuntimeError("the change fails after the audit row was written")
    assert AuditEntry.objects.count() == before


def test_it_refuses_to_write_outside_a_transaction(transactional_db: None) -> None:
    with pytest.raises(audit.AuditOutsideTransaction):
        audit.record(actor=audit.SYSTEM, action="case.deadline_extended")


def test_it_names_a_row_edited_directly_in_the_database(cast: Cast) -> None:
    victim = AuditEntry.objects.order_by("seq")[4]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET actor_name = %s WHERE seq = %s", ["mallory", victim.seq]
        )
    with pytest.raises(CommandError) as caught:
        verify()
    assert f"第 {victim.seq} 条审计记录的内容被改动（SM3 哈希不符）" in str(caught.value)


def test_it_names_a_row_deleted_directly_in_the_database(cast: Cast) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = %s", [3])
    with pytest.raises(CommandError, match="缺少第 3 条审计记录"):
        verify()


def test_it_names_a_deleted_tail(cast: Cast) -> None:
    last = AuditEntry.objects.order_by("-seq").first()
    assert last is not None
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = %s", [last.seq])
    with pytest.raises(CommandError, match=f"缺少第 {last.seq}–{last.seq} 条审计记录"):
        verify()


def test_the_command_exits_1_when_broken(cast: Cast) -> None:
    # The exit status is what a cron job or a monitoring script sees.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET action = 'x' WHERE seq = 2")
    with pytest.raises(CommandError) as caught:
        call_command("verify_audit_chain")
    assert caught.value.returncode == 1


def test_it_catches_a_wholly_rewritten_log_against_an_anchor(cast: Cast) -> None:
    third = AuditEntry.objects.get(seq=3)
    anchor = f"3:{third.hash}"
    assert "并与 1 个库外锚点一致" in verify_with("--anchor", anchor)
    # Rewrite the whole chain consistently, as someone with database access could.
    from gongkai.audit_chain import GENESIS_HASH, link_hash
    from gongkai_web.audit.models import ChainHead

    prev = GENESIS_HASH
    for entry in AuditEntry.objects.order_by("seq"):
        if entry.seq == 2:
            entry.actor_name = "mallory"
        entry.prev_hash = prev
        entry.hash = link_hash(prev_hash=prev, seq=entry.seq, content=audit.chain_content(entry))
        entry.save()
        prev = entry.hash
    ChainHead.objects.filter(pk=1).update(hash=prev)
    assert "审计链完好" in verify()
    with pytest.raises(CommandError, match="第 3 条审计记录与外部留存的哈希不符"):
        verify_with("--anchor", anchor)


def verify_with(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit_chain", *args, stdout=out)
    return out.getvalue()


def test_it_refuses_to_write_when_the_head_of_a_non_empty_log_is_gone(cast: Cast) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_chainhead")
    with pytest.raises(audit.ChainHeadMissing), transaction.atomic():
        audit.record(actor=audit.SYSTEM, action="case.deadline_extended")


def test_it_chains_entries_recorded_together_as_if_one_by_one(cast: Cast) -> None:
    agency = cast.agency("新华区财政局")
    actor = audit.Actor(user=cast.user("caizheng_clerk"))
    before = AuditEntry.objects.count()
    with transaction.atomic():
        made = audit.record_many(
            actor=actor,
            entries=[audit.Change("test.bulk", agency, {"n": n}, agency) for n in range(3)],
        )
        audit.record(actor=actor, action="test.after", obj=agency)
    assert [e.seq for e in made] == [before + 1, before + 2, before + 3]
    assert made[1].prev_hash == made[0].hash
    assert f"审计链完好：共 {before + 4} 条记录" in verify()
