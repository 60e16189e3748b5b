"""Log lines are JSON objects in production, one per line, each naming the request it belongs
to; the request id comes from nginx or is made here, and goes back in X-Request-ID."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest
from django.test import Client

from gongkai_web.observability.logs import JsonFormatter, RequestContextFilter


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("gongkai.request")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def entries(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.django_db
def test_it_logs_each_request_as_one_json_object(lines: io.StringIO) -> None:
    response = Client().get("/gk/", HTTP_X_REQUEST_ID="f3a9c1d2e4b5a6978877665544332211")
    assert response["X-Request-ID"] == "f3a9c1d2e4b5a6978877665544332211"
    (entry,) = entries(lines)
    assert entry["level"] == "INFO"
    assert entry["logger"] == "gongkai.request"
    assert entry["request_id"] == "f3a9c1d2e4b5a6978877665544332211"
    assert entry["method"] == "GET"
    assert entry["path"] == "/gk/"
    assert entry["status"] == 200
    assert entry["route"] == "portal:index"
    assert isinstance(entry["duration_ms"], float)
    assert str(entry["message"]).startswith("GET /gk/ 200 ")
    assert str(entry["time"]).endswith("+00:00")
    assert "user_id" not in entry  # nobody signed in


@pytest.mark.django_db
def test_it_names_the_user_by_id_not_by_name(
    login_as: Callable[[str], Client], lines: io.StringIO
) -> None:
    from django.contrib.auth.models import User

    client = login_as("jiaoyu_clerk")
    lines.truncate(0)
    lines.seek(0)
    client.get("/desk/")
    (entry,) = entries(lines)
    assert entry["user_id"] == User.objects.get(username="jiaoyu_clerk").pk
    assert "jiaoyu_clerk" not in lines.getvalue()


@pytest.mark.django_db
def test_it_makes_a_request_id_when_nginx_sent_none_or_a_strange_one(lines: io.StringIO) -> None:
    made = Client().get("/gk/")["X-Request-ID"]
    assert len(made) == 32
    replaced = Client().get("/gk/", HTTP_X_REQUEST_ID='x"}\n{"level": "forged')["X-Request-ID"]
    assert len(replaced) == 32
    assert replaced != made
    assert [entry["request_id"] for entry in entries(lines)] == [made, replaced]


def test_the_probes_are_logged_at_debug_level_with_their_request_id(lines: io.StringIO) -> None:
    # The probes are logged at DEBUG so that monitoring does not flood the log.
    response = Client().get("/healthz")
    (entry,) = entries(lines)
    assert entry["level"] == "DEBUG"
    assert entry["request_id"] == response["X-Request-ID"]


def test_it_writes_the_traceback_into_the_same_object() -> None:
    record = logging.LogRecord(
        "gongkai.test", logging.ERROR, __file__, 1, "读取失败：%s", ("x",), None
    )
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    RequestContextFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "读取失败：x"
    assert "ValueError: boom" in entry["exception"]


SHOW_FORMAT = """
import django
django.setup()
import logging
logging.getLogger("gongkai.check").warning("启动完成")
"""


@pytest.mark.parametrize(
    ("env", "json_lines"),
    [
        ({"GONGKAI_ENV": "production"}, True),
        ({"GONGKAI_ENV": "development"}, False),
        ({"GONGKAI_ENV": "development", "GONGKAI_LOG_FORMAT": "json"}, True),
        ({"GONGKAI_ENV": "production", "GONGKAI_LOG_FORMAT": "plain"}, False),
    ],
)
def test_production_logs_json_and_development_plain_text(
    env: dict[str, str], json_lines: bool, tmp_path
) -> None:
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("REDIS", "CACHE", "HUEY", "GONGKAI", "DATABASE", "DEBUG"))
    }
    base |= {
        "DJANGO_SETTINGS_MODULE": "gongkai_web.settings",
        "GONGKAI_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "k" * 60,
        "GONGKAI_FIELD_KEY": "1:" + "cd" * 16,
        **env,
    }
    run = subprocess.run(
        [sys.executable, "-c", SHOW_FORMAT], env=base, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    (line,) = [line for line in run.stderr.splitlines() if "gongkai.check" in line]
    if json_lines:
        entry = json.loads(line)
        assert entry["level"] == "WARNING"
        assert entry["message"] == "启动完成"
    else:
        assert line.endswith("WARNING gongkai.check [] 启动完成")


def test_a_misspelt_format_stops_start_up(tmp_path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", "import gongkai_web.settings"],
        env={**os.environ, "GONGKAI_LOG_FORMAT": "xml", "GONGKAI_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0
    assert "环境变量 GONGKAI_LOG_FORMAT 应为 json 或 plain" in run.stderr


def test_a_line_written_by_a_background_task_names_the_task() -> None:
    from huey.contrib.djhuey import HUEY

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("gongkai.test.task")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    @HUEY.task(name="observability_test_logs")
    def remind() -> None:
        logger.info("已发送提醒 %d 条", 3)

    try:
        remind()
        logger.info("任务之后")
    finally:
        logger.removeHandler(handler)
    during, after = entries(stream)
    assert during["message"] == "已发送提醒 3 条"
    assert str(during["task"]).startswith("observability_test_logs:")
    assert "task" not in after
