"""One registry of the environment (gongkai_web.config): README's table is printed from it,
the settings read every variable in it and nothing else, each variable set in the
environment reaches the settings, and a bad value stops the start naming the variable."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from gongkai_web import config
from gongkai_web.config import REGISTRY, Kind, read
from gongkai_web.organizations.models import Kind as AgencyKind

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"


def test_it_keeps_readmes_table_equal_to_the_registrys() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = readme.index(config.BEGIN), readme.index(config.END) + len(config.END)
    assert readme[start:end] == config.table(), "run: python -m gongkai_web.config"


def test_it_prints_the_table_from_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gongkai_web.config"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == config.table() + "\n"
    assert "| `GONGKAI_MEDIA_PATROL_HOUR` | hour 0–23 |" in done.stdout


def environ_reads(path: Path) -> list[int]:
    """Lines of ``path`` that read os.environ or getenv (setdefault of the settings module
    name, and handing the whole environment on to a child process, are not reads of a
    setting)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "environb"}:
            lines.append(node.lineno)
        if isinstance(node, ast.Name) and node.id in {"getenv", "environ"}:
            lines.append(node.lineno)
    allowed = []
    for lineno in lines:
        line = path.read_text(encoding="utf-8").splitlines()[lineno - 1]
        if 'os.environ.setdefault("DJANGO_SETTINGS_MODULE"' in line or "{**os.environ," in line:
            allowed.append(lineno)
    return sorted(set(lines) - set(allowed))


def test_it_reads_the_environment_only_through_the_registry() -> None:
    # Tests read the environment for their own setup (REDIS_URL for the Redis tests); the
    # product code does not, except config.py.
    found = {
        str(path.relative_to(SRC)): lines
        for path in SRC.rglob("*.py")
        if "tests" not in path.parts and path.name != "config.py" and (lines := environ_reads(path))
    }
    assert found == {}


def test_it_scans_a_read_it_is_shown() -> None:
    sample = SRC / "gongkai_web" / "config.py"
    assert environ_reads(sample), "the scan must see config.py's own os.environ read"


def test_it_reads_every_registered_variable_in_the_settings() -> None:
    from django.conf import settings

    assert settings.configured
    assert set(REGISTRY) <= config.READ


def test_it_knows_the_same_kinds_of_agency_as_the_models() -> None:
    assert set(config.AGENCY_KINDS) == set(AgencyKind.values)


SAMPLE_TEXT = {
    "GONGKAI_ENV": "production",
    "DEBUG": "true",  # keeps the development defaults of the rest out of the way
    "DATABASE_URL": "postgres://gongkai:pw@db.internal:5433/gongkai",
    "DATABASE_REPLICA_URL": "postgres://gongkai:pw@db-replica.internal:5434/gongkai",
    "CACHE_URL": "redis://127.0.0.1:6379/9",
    "HUEY_REDIS_URL": "redis://127.0.0.1:6379/8",
    "GONGKAI_FIELD_KEY": "1:8f3a5c2e9b7d4f1a6c0e2b5d8a7f3c91",
    "EMAIL_USE_SSL": "false",  # EMAIL_USE_TLS is on: only one of them may be
    "LOG_LEVEL": "WARNING",
    "GONGKAI_LOG_FORMAT": "plain",
    "GONGKAI_CALENDAR_NEXT_YEAR_DUE": "10-15",
}
SAMPLE_BY_KIND = {
    Kind.TEXT: "sample",
    Kind.BOOL: "true",
    Kind.INT: "4321",
    Kind.FLOAT: "0.25",
    Kind.LIST: "a,b",
    Kind.PATH: "",  # a directory under the test's tmp_path
    Kind.HOUR: "5",
    Kind.JSON: '{"TABLE": 3}',
    Kind.MEGABYTES: '{"TABLE": 3}',
    Kind.THRESHOLDS: "5,20,60",
    Kind.REPORT_DUE: '{"department": [1, 20], "government": null}',
}
# Variables that land in a setting of another name or shape: the expression reading it.
WHERE = {
    "REDIS_URL": None,  # read only when CACHE_URL / HUEY_REDIS_URL are unset: the next test
    "DATABASE_URL": "settings.DATABASES['default']['PORT']",
    "DATABASE_CONN_MAX_AGE": "settings.DATABASES['default']['CONN_MAX_AGE']",
    "DATABASE_REPLICA_URL": "settings.DATABASES['replica']['PORT']",
    "CACHE_KEY_PREFIX": "settings.CACHES['default']['KEY_PREFIX']",
    "HUEY_NAME": "settings.HUEY['name']",
    "HUEY_WORKERS": "settings.HUEY['consumer']['workers']",
    "HUEY_IMMEDIATE": "settings.HUEY['immediate']",
    "HUEY_SQLITE_FILE": "Path(settings.HUEY_SQLITE_FILE)",
    "LOG_LEVEL": "settings.LOGGING['root']['level']",
    "GONGKAI_VAR_DIR": "settings.VAR_DIR",
    "SECURE_PROXY_SSL_HEADER": "hasattr(settings, 'SECURE_PROXY_SSL_HEADER')",
    "GONGKAI_INTERPRETATION_KINDS": "list(settings.GONGKAI_INTERPRETATION_KINDS)",
}
EXPECTED = {
    "DATABASE_URL": 5433,
    "DATABASE_REPLICA_URL": 5434,
    "GONGKAI_CALENDAR_NEXT_YEAR_DUE": (10, 15),
}


def settings_values(env: dict[str, str], expressions: dict[str, str]) -> dict[str, str]:
    script = "\n".join(
        [
            "from pathlib import Path",
            "from django.conf import settings",
            *(f"print({name!r}, repr({expr}), sep='\\t')" for name, expr in expressions.items()),
        ]
    )
    clean = {k: v for k, v in os.environ.items() if k not in REGISTRY}
    clean |= {"DJANGO_SETTINGS_MODULE": "gongkai_web.settings", **env}
    done = subprocess.run(
        [sys.executable, "-c", script], env=clean, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return dict(line.split("\t", 1) for line in done.stdout.splitlines())


def test_it_takes_every_variable_from_the_environment(tmp_path) -> None:
    env = {
        name: SAMPLE_TEXT.get(name)
        or (str(tmp_path / name) if var.kind is Kind.PATH else SAMPLE_BY_KIND[var.kind])
        for name, var in REGISTRY.items()
        if name != "REDIS_URL"
    }
    # The metrics' directory must exist (settings refuses a missing one).
    (tmp_path / "PROMETHEUS_MULTIPROC_DIR").mkdir()
    expressions = {
        name: WHERE.get(name) or f"settings.{name}"
        for name in env
        if WHERE.get(name, "") is not None
    }
    got = settings_values(env, expressions)
    for name in expressions:
        expected = EXPECTED.get(name, read(name, None, env))
        assert got[name] == repr(expected), name


def test_it_takes_redis_url_for_both_the_cache_and_the_task_queue() -> None:
    got = settings_values(
        {**{k: SAMPLE_TEXT[k] for k in ("GONGKAI_ENV", "DEBUG")}, "REDIS_URL": "redis://r:6379/3"},
        {"cache": "settings.CACHE_URL", "huey": "settings.HUEY_REDIS_URL"},
    )
    assert got == {"cache": "'redis://r:6379/3'", "huey": "'redis://r:6379/3'"}


def test_it_sends_sms_through_the_gateway_once_its_url_is_set() -> None:
    base = {k: SAMPLE_TEXT[k] for k in ("GONGKAI_ENV", "DEBUG")}
    expression = {"backend": "settings.GONGKAI_SMS_BACKEND"}
    assert settings_values(base, expression) == {"backend": "'gongkai_web.cases.sms.LoggingSms'"}
    with_url = {**base, "GONGKAI_SMS_URL": "http://127.0.0.1:8089/sms"}
    assert settings_values(with_url, expression) == {
        "backend": "'gongkai_web.cases.sms.HttpGatewaySms'"
    }


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        (
            "GONGKAI_MEDIA_PATROL_HOUR",
            "25",
            "环境变量 GONGKAI_MEDIA_PATROL_HOUR 应为 0 到 23 之间的整点",
        ),
        ("GONGKAI_MEDIA_THRESHOLDS", "14,10,90", "预警 < 不合格 < 僵尸"),
        ("GONGKAI_MEDIA_THRESHOLDS", "10,14", "逗号分隔的三个整数"),
        ("GONGKAI_REPORT_SIMILARITY_WARN", "1.5", "应为 0 到 1 之间的数字"),
        ("GONGKAI_REPORT_SIMILARITY_WARN", "六成", "应为数字"),
        ("GONGKAI_REPORT_DUE", '{"department": [2, 30]}', "值为 [月, 日] 或 null"),
        ("GONGKAI_REPORT_DUE", '{"bureau": [1, 20]}', "键为机关类型"),
        ("GONGKAI_REPORT_DUE", "[1, 20]", "应为 JSON 对象"),
        ("EMAIL_PORT", "smtp", "环境变量 EMAIL_PORT 应为整数"),
        ("GONGKAI_UPLOAD_MB", '{"TABLE": "20"}', "值为正整数（MB"),
        ("GONGKAI_UPLOAD_MB", '{"TABLE": 0}', "值为正整数（MB"),
        ("SESSION_COOKIE_AGE", "10", "应为不小于 60 的整数"),
        ("DEBUG", "maybe", "应为 true/false"),
    ],
)
def test_it_names_the_variable_and_the_form_of_a_bad_value(name, raw, message) -> None:
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)) as refused:
        read(name, None, {name: raw})
    assert name in str(refused.value) and repr(raw) in str(refused.value)


def test_it_parses_the_four_settings_of_the_decision_records() -> None:
    env = {
        "GONGKAI_REPORT_DUE": '{"department": [1, 20]}',
        "GONGKAI_REPORT_SIMILARITY_WARN": "0.75",
        "GONGKAI_MEDIA_THRESHOLDS": "7, 12, 60",
        "GONGKAI_MEDIA_PATROL_HOUR": "6",
    }
    assert [read(name, None, env) for name in env] == [
        {"department": (1, 20)},
        0.75,
        (7, 12, 60),
        6,
    ]
    assert read("GONGKAI_MEDIA_PATROL_HOUR", 8, {"GONGKAI_MEDIA_PATROL_HOUR": " "}) == 8


def test_it_stops_the_start_on_a_bad_value_and_on_both_mail_securities() -> None:
    clean = {k: v for k, v in os.environ.items() if k not in REGISTRY}
    for env, message in [
        ({"GONGKAI_MEDIA_THRESHOLDS": "90,14,10"}, "GONGKAI_MEDIA_THRESHOLDS"),
        (
            {"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"},
            "EMAIL_USE_TLS 与 EMAIL_USE_SSL 只能打开一个",
        ),
    ]:
        done = subprocess.run(
            [sys.executable, "-c", "from django.conf import settings; settings.DEBUG"],
            env={**clean, "DJANGO_SETTINGS_MODULE": "gongkai_web.settings", **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode != 0 and message in done.stderr


def test_it_hands_the_decision_records_settings_to_the_code_that_uses_them(settings) -> None:
    import datetime as dt

    from gongkai_web.annual_reports import checks
    from gongkai_web.media_accounts import selectors
    from gongkai_web.organizations.models import Agency

    settings.GONGKAI_REPORT_DUE = read(
        "GONGKAI_REPORT_DUE", {}, {"GONGKAI_REPORT_DUE": '{"department": [1, 20]}'}
    )
    assert checks.due_date(Agency(kind=AgencyKind.DEPARTMENT), 2024) == dt.date(2025, 1, 20)
    assert checks.due_date(Agency(kind=AgencyKind.GOVERNMENT), 2024) == dt.date(2025, 3, 31)
    settings.GONGKAI_MEDIA_THRESHOLDS = read(
        "GONGKAI_MEDIA_THRESHOLDS", None, {"GONGKAI_MEDIA_THRESHOLDS": "7,12,60"}
    )
    t = selectors.thresholds()
    assert (t.warn_days, t.fail_days, t.zombie_days) == (7, 12, 60)
