"""A fixed-window counter per client address in Django's cache."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from gongkai_web import clock


def _bucket(scope: str, key: str, window: int) -> str:
    return f"gongkai-rl:{scope}:{key}:{int(clock.wall_time()) // window}"


def hit(scope: str, key: str, window: int) -> int:
    """Count one hit; the hits counted so far in the current window, this one included."""
    bucket = _bucket(scope, key, window)
    if cache.add(bucket, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(bucket))
    except ValueError:
        cache.set(bucket, 1, timeout=window)
        return 1


def hits(scope: str, key: str, window: int) -> int:
    """The hits counted in the current window, without counting one."""
    return int(cache.get(_bucket(scope, key, window)) or 0)


def allow(scope: str, key: str, limit: int, window: int) -> bool:
    """Count one hit; False once ``limit`` hits were counted in the current window."""
    return hit(scope, key, window) <= limit


def apply_limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "GONGKAI_APPLY_LIMIT", 20)),
        int(getattr(settings, "GONGKAI_APPLY_WINDOW", 3600)),
    )
