"""A database populated under the last release's schema migrates to the current one intact.

The database is taken back to the heads of `gongkai_web.releases.LAST_RELEASE`, filled through
that schema's historical models (`loader.project_state(...).apps`: the release's code is not
here to call its services, so rows are written as the release wrote them, hashes included),
then migrated to the current heads; the rows must be unchanged and usable by today's services:
the case takes its next step, the audit chain (old links and new) verifies, encrypted fields
decrypt. Runs on SQLite and on PostgreSQL (DATABASE_URL), as the Django suite does in CI.

Going back to the release needs every later migration to be reversible; one that is not makes
this test fail at its first line, which is the moment to give the test a database of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps.registry import Apps
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from gongkai.audit_chain import link_hash
from gongkai_web.audit.selectors import verify_chain
from gongkai_web.audit.services import Actor
from gongkai_web.releases import LAST_RELEASE, RELEASES

RELEASE_HEADS = sorted(RELEASES[LAST_RELEASE].items())
AT = dt.datetime(2025, 3, 3, 9, 30, tzinfo=dt.UTC)
RECEIVED = dt.date(2025, 3, 3)
GENESIS = "0" * 64


def current_heads() -> list[tuple[str, str]]:
    # The migration files alone: no database is read.
    return sorted(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


def migrate_to(targets: list[tuple[str, str]]) -> Apps:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def release_chain_content(entry: Any) -> dict[str, Any]:
    # What release 0.1.0 hashed (audit.services.chain_content at 76a5da7), written out here on
    # purpose: the rows of the release keep the release's hashes whatever today's code hashes.
    return {
        "at": entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "role": entry.role,
        "agency_id": entry.agency_id,
        "agency_name": entry.agency_name,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "changes": entry.changes,
        "address": entry.address,
    }


def populate(apps: Apps) -> dict[str, int]:
    """Rows as release 0.1.0 wrote them: an agency, its staff, a registered application with
    its history, a catalogue entry, and the audit chain recording them."""
    from gongkai_web.cases.models import applicant_key

    agency_model = apps.get_model("organizations", "Agency")
    agency = agency_model.objects.create(
        name="新华区教育局",
        short_name="区教育局",
        credit_code="11410402MB1234567X",
        level="department",
        kind="department",
        path="pending",
        office_name="新华区教育局办公室",
    )
    agency.path = f"{agency.pk:06d}/"
    agency.save(update_fields=["path"])
    user_model = apps.get_model("auth", "User")
    grant_model = apps.get_model("organizations", "RoleGrant")
    staff = {}
    for username, role in [("upgrade_clerk", "clerk"), ("upgrade_leader", "leader")]:
        user = user_model.objects.create(
            username=username,
            password=make_password("Gongkai#2024"),
            first_name="张三" if role == "clerk" else "李四",
            is_active=True,
        )
        grant_model.objects.create(user=user, agency=agency, role=role, granted_at=AT)
        staff[role] = user
    application = apps.get_model("cases", "Application").objects.create(
        agency=agency,
        tracking_number="GK20250303UPGRADE",
        channel="in_person",
        received_on=RECEIVED,
        submitted_at=AT,
        applicant_column="natural_person",
        applicant_name="王五",
        id_type="resident_id",
        id_number="110101199003078515",
        applicant_key=applicant_key("110101199003078515"),
        phone="13800138000",
        address="新华区人民路 1 号",
        description="2024 年义务教育阶段学校招生计划",
        provision_form="paper",
        delivery="post",
        state="registered",
    )
    apps.get_model("cases", "CaseEvent").objects.create(
        application=application,
        action="register",
        from_state="",
        to_state="registered",
        on=RECEIVED,
        at=AT,
        actor=staff["clerk"],
        note="当面提交",
    )
    category = apps.get_model("publishing", "Category").objects.create(
        agency=agency, name="招生入学", limit_days=20, limit_unit="working"
    )
    entry = apps.get_model("publishing", "Entry").objects.create(
        agency=agency,
        title="新华区 2025 年义务教育招生入学工作方案",
        publisher="新华区教育局",
        formed_on=RECEIVED,
        validity="valid",
        category=category,
        disclosure="proactive",
        doc_kind="other",
        status="draft",
        created_by=staff["clerk"],
        created_at=AT,
        updated_at=AT,
    )
    entry_model = apps.get_model("audit", "AuditEntry")
    head = apps.get_model("audit", "ChainHead").objects.get_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS}
    )[0]
    for offset, (action, obj, label) in enumerate(
        [
            ("organizations.agency.create", agency, "organizations.agency"),
            ("cases.application.register", application, "cases.application"),
            ("publishing.entry.create", entry, "publishing.entry"),
        ]
    ):
        row = entry_model(
            seq=head.seq + 1,
            at=AT + dt.timedelta(seconds=offset),
            actor=staff["clerk"],
            actor_name="upgrade_clerk",
            role="clerk",
            agency=agency,
            agency_name=agency.name,
            action=action,
            object_type=label,
            object_id=str(obj.pk),
            changes={"名称": getattr(obj, "name", "") or getattr(obj, "title", "")},
            address="10.0.0.8",
            prev_hash=head.hash,
        )
        row.hash = link_hash(
            prev_hash=row.prev_hash, seq=row.seq, content=release_chain_content(row)
        )
        row.save(force_insert=True)
        head.seq, head.hash = row.seq, row.hash
        head.save(update_fields=["seq", "hash"])
    return {"agency": agency.pk, "application": application.pk, "entry": entry.pk}


@pytest.fixture
def upgraded(transactional_db: None) -> Iterator[dict[str, int]]:
    latest = current_heads()
    release_apps = migrate_to(RELEASE_HEADS)
    try:
        created = populate(release_apps)
        migrate_to(latest)
        yield created
    finally:
        migrate_to(latest)  # whatever happened, the next test gets the current schema


def test_the_release_heads_name_existing_migrations() -> None:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    for node in RELEASE_HEADS:
        assert node in graph.nodes, f"{node} is not a migration of this tree"
    # Every app of the release is still here, and no app has lost migrations since.
    latest = dict(current_heads())
    assert set(RELEASES[LAST_RELEASE]) <= set(latest)
    for node in RELEASE_HEADS:
        assert node in graph.forwards_plan((node[0], latest[node[0]]))


def test_it_keeps_every_row_and_the_case_takes_its_next_step(upgraded: dict[str, int]) -> None:
    from gongkai_web.cases.models import Application
    from gongkai_web.cases.services import handling
    from gongkai_web.organizations.models import Agency
    from gongkai_web.publishing.models import Entry

    agency = Agency.objects.get(pk=upgraded["agency"])
    application = Application.objects.get(pk=upgraded["application"])
    assert application.applicant_name == "王五"
    assert application.id_number == "110101199003078515"  # decrypts with today's code
    assert application.phone == "13800138000"
    assert [e.action for e in application.events.all()] == ["register"]
    entry = Entry.objects.get(pk=upgraded["entry"])
    assert (entry.title, entry.category.name, entry.agency) == (
        "新华区 2025 年义务教育招生入学工作方案",
        "招生入学",
        agency,
    )

    before = verify_chain()
    assert before.first_break is None
    assert before.checked == 3

    leader = agency.role_grants.get(role="leader").user
    clerk = agency.role_grants.get(role="clerk").user
    today = timezone.localdate()
    handling.assign(
        actor=Actor(user=leader, role="leader", agency=agency),
        application=application,
        unit=agency,
        handler=clerk,
        on=today,
        today=today,
    )
    application.refresh_from_db()
    assert application.state == "assigned"
    assert [e.action for e in application.events.all()] == ["register", "assign"]
    after = verify_chain()
    assert after.first_break is None
    assert after.checked > 3  # the release's links, then today's
