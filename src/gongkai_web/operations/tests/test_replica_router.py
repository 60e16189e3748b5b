"""The router's choice of database without a replica (a real one: test_read_replica.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import transaction

from gongkai_web.operations import replica
from gongkai_web.operations.replica import ReplicaRouter, replica_reads

router = ReplicaRouter()


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replica, "configured", lambda: True)
    monkeypatch.setattr(replica, "_replica_usable", lambda: True)


def choices(body: Any) -> list[str]:
    seen: list[str] = []
    replica_reads(lambda: body(seen))()
    return seen


def test_it_reads_the_primary_outside_a_marked_view() -> None:
    assert router.db_for_read(Group) == "default"


def test_it_changes_nothing_when_no_replica_is_configured(settings: Any) -> None:
    assert "replica" not in settings.DATABASES and not settings.DATABASE_ROUTERS
    assert choices(lambda seen: seen.append(router.db_for_read(Group))) == ["default"]


@pytest.mark.django_db(transaction=True)  # not inside the test's own transaction
def test_it_reads_the_replica_in_a_marked_view_until_the_view_writes(configured: None) -> None:
    def body(seen: list[str]) -> None:
        seen.append(router.db_for_read(Group))
        seen.append(router.db_for_read(Session))  # a login just written: always the primary
        seen.append(router.db_for_write(Group))
        seen.append(router.db_for_read(Group))

    assert choices(body) == ["replica", "default", "default", "default"]
    assert router.db_for_read(Group) == "default", "the next request starts on the primary"


@pytest.mark.django_db(transaction=True)
def test_it_reads_the_primary_inside_a_transaction(configured: None) -> None:
    def body(seen: list[str]) -> None:
        with transaction.atomic():
            seen.append(router.db_for_read(Group))
        seen.append(router.db_for_read(Group))

    assert choices(body) == ["default", "replica"]


def test_it_migrates_the_primary_only() -> None:
    assert router.allow_migrate("default", "cases")
    assert not router.allow_migrate("replica", "cases")
