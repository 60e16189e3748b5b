"""The one write path into the audit log, used by every app's services.py.

``record`` must run inside the caller's transaction (it refuses otherwise), so the change and
its audit entry commit or roll back together.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from gongkai.audit_chain import ChainEntry, link_hash
from gongkai_web import clock
from gongkai_web.audit import sink
from gongkai_web.audit.models import AuditEntry, ChainHead

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from gongkai_web.organizations.models import Agency


class AuditOutsideTransaction(RuntimeError):
    pass


@dataclass(frozen=True)
class Actor:
    """Who acts, in which role, for which agency, from where."""

    user: User | None
    role: str = ""
    agency: Agency | None = None
    address: str = ""

    @property
    def username(self) -> str:
        return self.user.get_username() if self.user is not None else ""

    def person(self) -> User:
        """The user acting, for a record only a person makes (a comment, an adjustment …)."""
        if self.user is None:
            raise PermissionDenied("该操作须由登录的用户进行，系统任务不能进行")
        return self.user


SYSTEM = Actor(user=None, role="system")


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind GONGKAI_PROXY_HOPS trusted reverse proxies (with
    GONGKAI_TRUST_X_FORWARDED_FOR on), the entry the outermost trusted proxy appended: counted
    from the right, since everything left of it is whatever the client chose to send."""
    if getattr(settings, "GONGKAI_TRUST_X_FORWARDED_FOR", False):
        hops = max(1, int(getattr(settings, "GONGKAI_PROXY_HOPS", 1)))
        forwarded = [
            part.strip()
            for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops][:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def actor_from_request(
    request: HttpRequest, *, role: str = "", agency: Agency | None = None
) -> Actor:
    user = request.user
    return Actor(
        user=user if user.is_authenticated else None,
        role=role,
        agency=agency,
        address=client_address(request),
    )


def jsonable(value: Any) -> Any:
    """A value the chain can hash and any database's JSON column returns unchanged."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID | float):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(str(item) for item in value)
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = jsonable(getattr(instance, attname))
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """Only the fields that changed, each as {"before": …, "after": …}."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def chain_content(entry: AuditEntry) -> dict[str, Any]:
    """The fields the SM3 hash covers, as stored (so verification re-reads them the same)."""
    at = entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return {
        "at": at,
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


def as_chain_entry(entry: AuditEntry) -> ChainEntry:
    return ChainEntry(
        seq=entry.seq, content=chain_content(entry), prev_hash=entry.prev_hash, hash=entry.hash
    )


class ChainHeadMissing(RuntimeError):
    pass


def _locked_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    # Migrations create the row; a flushed test database or a fresh restore may lack it. It is
    # recreated only for an empty log: a log without its head has been tampered with. Created
    # first and checked under its lock, so a writer racing another through this path waits for
    # the other's entry instead of taking it for tampering.
    try:
        with transaction.atomic():
            ChainHead.objects.create(pk=1)
    except IntegrityError:
        pass  # another writer recreated it meanwhile
    head = ChainHead.objects.select_for_update().get(pk=1)
    if head.seq == 0 and AuditEntry.objects.exists():
        raise ChainHeadMissing("审计链头记录缺失，审计日志可能被篡改，请运行 verify_audit_chain")
    return head


@dataclass(frozen=True)
class Change:
    """One entry of `record_many`: what was done to which record."""

    action: str
    obj: models.Model
    changes: Mapping[str, Any]
    agency: Agency | None = None


def record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    changes: Mapping[str, Any] | None = None,
    agency: Agency | None = None,
    at: dt.datetime | None = None,
) -> AuditEntry:
    _in_transaction(action)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    head = _locked_head()
    entry = _link(head, actor, action, object_type, object_id, changes, agency, at)
    entry.save(force_insert=True)
    _advance(head, [entry])
    return entry


def record_many(*, actor: Actor, entries: Sequence[Change], at: dt.datetime | None = None
                ) -> list[AuditEntry]:  # fmt: skip
    """`record` for many changes made together (an import of thousands of rows): the chain's
    head is locked and moved once, the entries inserted in one statement."""
    if not entries:
        return []
    _in_transaction(entries[0].action)
    head = _locked_head()
    moment = at or clock.now()
    made = []
    for change in entries:
        entry = _link(
            head, actor, change.action, change.obj._meta.label_lower, str(change.obj.pk),
            change.changes, change.agency, moment,
        )  # fmt: skip
        head.seq, head.hash = entry.seq, entry.hash
        made.append(entry)
    AuditEntry.objects.bulk_create(made)
    _advance(head, made)
    return made


def _in_transaction(action: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction(
            f"audit.record({action!r}) must run inside the transaction that makes the change"
        )


def _link(head: ChainHead, actor: Actor, action: str, object_type: str, object_id: str,
          changes: Mapping[str, Any] | None, agency: Agency | None, at: dt.datetime | None
          ) -> AuditEntry:  # fmt: skip
    """The entry after ``head`` in the chain, hashed, not yet saved."""
    where = agency if agency is not None else actor.agency
    moment = at or clock.now()
    if timezone.is_naive(moment):
        raise ValueError("audit times must be timezone-aware")
    entry = AuditEntry(
        seq=head.seq + 1,
        at=moment,
        actor=actor.user,
        actor_name=actor.username,
        role=actor.role,
        agency=where,
        agency_name=where.name if where is not None else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        changes=jsonable(dict(changes or {})),
        address=actor.address,
        prev_hash=head.hash,
    )
    entry.hash = link_hash(prev_hash=entry.prev_hash, seq=entry.seq, content=chain_content(entry))
    return entry


def _advance(head: ChainHead, made: list[AuditEntry]) -> None:
    """The head moved to the last of ``made``, and each entry sent to the sink on commit."""
    head.seq, head.hash = made[-1].seq, made[-1].hash
    head.save(update_fields=["seq", "hash"])
    if sink.enabled():
        chain = chain_id(made[0])  # one chain for all of them
        for entry in made:
            transaction.on_commit(
                functools.partial(
                    sink.append, chain=chain, seq=entry.seq, digest=entry.hash, at=entry.at
                )
            )


def chain_id(entry: AuditEntry | None = None) -> str:
    """The chain's name in the sink: the start of entry #1's hash ("" for an empty log)."""
    if entry is not None and entry.seq == 1:
        return entry.hash[:16]
    first = AuditEntry.objects.filter(seq=1).values_list("hash", flat=True).first()
    return (first or "")[:16]
