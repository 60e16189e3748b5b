"""The shared cache the rate limits count in: a database table by default, Redis when set.

A per-process cache would let each gunicorn worker count its own hits, multiplying the limit
by the number of workers; these tests show the counts live outside the process.
"""

import os
import subprocess
import sys
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from gongkai_web.cases import ratelimit

SHOW_BACKEND = """
import django
django.setup()
from django.conf import settings
print(settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1])
"""


def backend_for(env: dict[str, str], tmp_path) -> str:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("REDIS", "CACHE", "HUEY", "GONGKAI", "DATABASE_URL"))
    }
    run = subprocess.run(
        [sys.executable, "-c", SHOW_BACKEND],
        env={**clean, "GONGKAI_VAR_DIR": str(tmp_path), "GONGKAI_ENV": "development", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.strip()


def test_it_uses_a_database_table_when_no_redis_is_configured(tmp_path):
    assert backend_for({}, tmp_path) == "DatabaseCache"


def test_it_uses_redis_when_cache_url_is_set(tmp_path):
    assert backend_for({"CACHE_URL": "redis://127.0.0.1:6379/1"}, tmp_path) == "RedisCache"


DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": settings.CACHE_TABLE,
    }
}


@pytest.mark.django_db
@override_settings(CACHES=DATABASE_CACHE)
def test_it_counts_hits_in_the_database_table_the_migrations_made():
    key = f"203.0.113.{uuid.uuid4().int % 250}"
    assert [ratelimit.allow("apply", key, 2, 3600) for _ in range(3)] == [True, True, False]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {settings.CACHE_TABLE} WHERE cache_key LIKE %s",
            [f"%gongkai-rl:apply:{key}:%"],
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI sets it to test Redis)"
)
def test_it_counts_hits_in_redis_when_redis_is_configured():
    import redis

    prefix = f"gongkai-test-{uuid.uuid4().hex[:8]}"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": prefix,
        }
    }
    # redis-py types a reply as either a value or an awaitable (its clients share the types).
    client: Any = redis.Redis.from_url(os.environ["REDIS_URL"])
    try:
        with override_settings(CACHES=caches):
            assert [ratelimit.allow("apply", "198.51.100.7", 2, 60) for _ in range(3)] == [
                True,
                True,
                False,
            ]
        # Another worker process would read the same counter: it is in Redis, not here.
        keys = client.keys(f"{prefix}:*gongkai-rl:apply:198.51.100.7:*")
        assert len(keys) == 1 and int(client.get(keys[0])) == 3
    finally:
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
