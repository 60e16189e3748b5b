"""The settings module read in a fresh interpreter with a chosen environment."""

import json
import os
import subprocess
import sys

import pytest

PRINT_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST"),
    "port": db.get("PORT"), "user": db.get("USER"), "debug": settings.DEBUG,
    "huey": settings.HUEY["huey_class"], "hosts": settings.ALLOWED_HOSTS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT, "hsts": settings.SECURE_HSTS_SECONDS,
}))
"""

PRODUCTION = {
    "GONGKAI_ENV": "production",
    "SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-1234567890-abcdef",
    "ALLOWED_HOSTS": "gongkai.example.gov.cn",
    "DATABASE_URL": "postgres://gongkai:pw@db.internal:5433/gongkai",
    "GONGKAI_FIELD_KEY": "1:8f3a5c2e9b7d4f1a6c0e2b5d8a7f3c91",
}


def run_settings(
    env: dict[str, str], argv: tuple[str, ...] = ("-c", PRINT_SETTINGS)
) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG", "GONGKAI_ENV", "ALLOWED_HOSTS"}
        and not k.startswith(("REDIS", "HUEY"))
    }
    clean |= {"DJANGO_SETTINGS_MODULE": "gongkai_web.settings", **env}
    return subprocess.run(
        [sys.executable, *argv], env=clean, capture_output=True, text=True, timeout=60
    )


def read_settings(env: dict[str, str]) -> dict:
    done = run_settings(env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_it_uses_a_sqlite_file_under_var_by_default(tmp_path):
    seen = read_settings({"GONGKAI_VAR_DIR": str(tmp_path / "var")})

    assert seen["engine"] == "django.db.backends.sqlite3"
    assert seen["name"] == str(tmp_path / "var" / "gongkai.sqlite3")
    assert (tmp_path / "var").is_dir()
    assert seen["huey"] == "huey.SqliteHuey"
    assert seen["debug"] is True


def test_it_reads_postgresql_from_database_url():
    seen = read_settings({"DATABASE_URL": "postgres://clerk:secret@db.example:6543/gongkai"})

    assert seen["engine"] == "django.db.backends.postgresql"
    assert (seen["name"], seen["host"], seen["port"], seen["user"]) == (
        "gongkai",
        "db.example",
        6543,
        "clerk",
    )


def test_it_puts_the_task_queue_on_redis_when_redis_url_is_set():
    seen = read_settings({"REDIS_URL": "redis://127.0.0.1:6379/3"})

    assert seen["huey"] == "huey.RedisHuey"


def test_it_refuses_the_development_secret_key_in_production():
    env = dict(PRODUCTION)
    del env["SECRET_KEY"]

    done = run_settings(env)

    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr
    assert "不能使用开发默认值" in done.stderr


def test_it_turns_on_the_secure_settings_in_production():
    seen = read_settings(PRODUCTION)

    assert seen["debug"] is False
    assert seen["hosts"] == ["gongkai.example.gov.cn"]
    assert seen["ssl_redirect"] is True
    assert seen["hsts"] >= 31536000


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_it_names_a_malformed_boolean_variable(value):
    done = run_settings({"DEBUG": value})

    assert done.returncode != 0
    assert "环境变量 DEBUG 应为 true/false" in done.stderr


def test_it_passes_the_deployment_checks_with_the_production_environment(tmp_path):
    argv = ("-m", "gongkai_web.manage", "check", "--deploy", "--fail-level", "WARNING")

    done = run_settings({**PRODUCTION, "STATIC_ROOT": str(tmp_path)}, argv)

    assert done.returncode == 0, done.stderr + done.stdout
    assert "System check identified no issues" in done.stdout
