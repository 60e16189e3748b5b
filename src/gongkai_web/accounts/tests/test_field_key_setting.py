"""The SM4 key comes from the environment; production refuses to start without it."""

from __future__ import annotations

import os
import subprocess
import sys

PRODUCTION = {
    "GONGKAI_ENV": "production",
    "SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-1234567890-abcdef",
    "ALLOWED_HOSTS": "gongkai.example.gov.cn",
    "DATABASE_URL": "postgres://gongkai:pw@db.internal:5433/gongkai",
}
READ = "from django.conf import settings; print(settings.GONGKAI_FIELD_KEY[:2])"


def run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"GONGKAI_FIELD_KEY", "DEBUG"}}
    clean |= {"DJANGO_SETTINGS_MODULE": "gongkai_web.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", READ], env=clean, capture_output=True, text=True, timeout=60
    )


def test_it_refuses_to_start_in_production_without_a_key() -> None:
    done = run(PRODUCTION)
    assert done.returncode != 0
    assert "必须通过环境变量 GONGKAI_FIELD_KEY 设置个人信息加密密钥" in done.stderr


def test_it_names_a_malformed_key() -> None:
    done = run({**PRODUCTION, "GONGKAI_FIELD_KEY": "1:abcd"})
    assert done.returncode != 0
    assert "环境变量 GONGKAI_FIELD_KEY 有误：第 1 版密钥应为 16 字节，现为 2 字节" in done.stderr


def test_it_starts_with_a_key_from_the_environment() -> None:
    done = run({**PRODUCTION, "GONGKAI_FIELD_KEY": "1:8f3a5c2e9b7d4f1a6c0e2b5d8a7f3c91"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1:"


def test_it_refuses_the_all_zero_development_key_in_production() -> None:
    done = run({**PRODUCTION, "GONGKAI_FIELD_KEY": "1:00000000000000000000000000000000"})
    assert done.returncode != 0
    assert "GONGKAI_FIELD_KEY 含全零的开发用密钥" in done.stderr
    rotated = "1:00000000000000000000000000000000,2:8f3a5c2e9b7d4f1a6c0e2b5d8a7f3c91"
    assert run({**PRODUCTION, "GONGKAI_FIELD_KEY": rotated}).returncode != 0


def test_check_deploy_fails_with_the_development_key() -> None:
    import pytest
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError
    from django.test import override_settings

    with (
        override_settings(GONGKAI_FIELD_KEY="1:00000000000000000000000000000000"),
        pytest.raises(SystemCheckError, match=r"gongkai\.E001"),
    ):
        call_command("check", "--deploy", "--tag", "security")
    with override_settings(GONGKAI_FIELD_KEY="1:8f3a5c2e9b7d4f1a6c0e2b5d8a7f3c91"):
        from gongkai_web.accounts.checks import field_key_is_not_the_development_key

        assert field_key_is_not_the_development_key() == []
