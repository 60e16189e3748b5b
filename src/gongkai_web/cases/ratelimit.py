"""A fixed-window counter per client address in Django's cache.

The cache is shared by every worker process (Redis or a database table), so the limit holds
across them. When the cache cannot be reached the count goes on in the worker's own memory:
the form keeps taking applications (refusing them would stop the public from applying for as
long as Redis is down), and the limit still holds per process, so at worst a client gets the
limit once per gunicorn worker. Each fallback is logged.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache

from gongkai_web import clock

log = logging.getLogger(__name__)

# This process's own counters, used only while the shared cache fails.
_LOCAL = LocMemCache("gongkai-ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def _bucket(scope: str, key: str, window: int) -> str:
    return f"gongkai-rl:{scope}:{key}:{int(clock.wall_time()) // window}"


def _count(store: BaseCache, bucket: str, window: int) -> int:
    if store.add(bucket, 1, timeout=window):
        return 1
    try:
        return int(store.incr(bucket))
    except ValueError:
        store.set(bucket, 1, timeout=window)
        return 1


def hit(scope: str, key: str, window: int) -> int:
    """Count one hit; the hits counted so far in the current window, this one included."""
    bucket = _bucket(scope, key, window)
    try:
        return _count(cache, bucket, window)
    except Exception as error:  # any backend's failure: Redis, the database table, a socket
        log.warning("shared cache unreachable (%s): counting %s in this process", error, scope)
        return _count(_LOCAL, bucket, window)


def hits(scope: str, key: str, window: int) -> int:
    """The hits counted in the current window, without counting one."""
    bucket = _bucket(scope, key, window)
    try:
        return int(cache.get(bucket) or 0)
    except Exception as error:
        log.warning("shared cache unreachable (%s): reading %s in this process", error, scope)
        return int(_LOCAL.get(bucket) or 0)


def allow(scope: str, key: str, limit: int, window: int) -> bool:
    """Count one hit; False once ``limit`` hits were counted in the current window."""
    return hit(scope, key, window) <= limit


def apply_limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "GONGKAI_APPLY_LIMIT", 20)),
        int(getattr(settings, "GONGKAI_APPLY_WINDOW", 3600)),
    )
