"""A fixed-window counter per client address in Django's cache."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def allow(scope: str, key: str, limit: int, window: int) -> bool:
    """Count one hit; False once ``limit`` hits were counted in the current window."""
    bucket = f"gongkai-rl:{scope}:{key}:{int(time.time()) // window}"
    if cache.add(bucket, 1, timeout=window):
        return True
    try:
        hits = cache.incr(bucket)
    except ValueError:
        cache.set(bucket, 1, timeout=window)
        return True
    return hits <= limit


def apply_limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "GONGKAI_APPLY_LIMIT", 20)),
        int(getattr(settings, "GONGKAI_APPLY_WINDOW", 3600)),
    )
