"""Reads of views marked read-only go to the PostgreSQL streaming replica (DATABASE_REPLICA_URL).

Only views wrapped in ``replica_reads`` (the public portal, the supervisors' overview) may read
from the replica; everything else, every write, and every read inside a transaction or after a
write in the same request uses the primary (docs/decisions/read-replicas.md). A replica that
cannot be reached is skipped, with a log line, for ``RETRY_AFTER`` seconds.
"""

from __future__ import annotations

import contextvars
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from gongkai_web import clock

log = logging.getLogger(__name__)

REPLICA = "replica"
# After a failed connection the replica is not tried again for this long, so a replica that is
# down costs one refused (or timed-out) connection per worker every RETRY_AFTER seconds, not
# one per request.
RETRY_AFTER = 30.0
# Tables whose reads must see the last write whatever request made it: the database cache
# (rate limits, counters) and sessions (a login just written).
PRIMARY_ONLY_APPS = frozenset({"django_cache", "sessions"})

View = TypeVar("View", bound=Callable[..., Any])


@dataclass
class _Request:
    wrote: bool = False


_current: contextvars.ContextVar[_Request | None] = contextvars.ContextVar(
    "gongkai_replica_request", default=None
)
_down_until = 0.0


def configured() -> bool:
    return REPLICA in connections.settings


def _replica_usable() -> bool:
    global _down_until
    if clock.wall_time() < _down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError as error:
        _down_until = clock.wall_time() + RETRY_AFTER
        log.warning(
            "read replica unreachable, reading from the primary for %.0f s: %s",
            RETRY_AFTER,
            str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__,
        )
        connections[REPLICA].close()
        return False
    return True


def replica_reads(view: View) -> View:
    """Let the view's reads go to the replica until it writes or opens a transaction."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not configured() or not _replica_usable():
            return view(*args, **kwargs)
        token = _current.set(_Request())
        try:
            return view(*args, **kwargs)
        finally:
            _current.reset(token)

    return wrapped  # type: ignore[return-value]


class ReplicaRouter:
    """DATABASE_ROUTERS entry, installed only when DATABASE_REPLICA_URL is set."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        request = _current.get()
        if (
            request is None
            or request.wrote
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        request = _current.get()
        if request is not None:
            request.wrote = True  # read-your-writes: the rest of the request reads the primary
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica receives the schema by streaming
