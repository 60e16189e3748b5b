"""The monitoring asks whether gongkai lives (/healthz) and whether it can serve (/readyz)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import OperationalError, connections
from django.test import Client, override_settings
from huey import RedisHuey, SqliteHuey

from gongkai_web.audit.models import AuditEntry
from gongkai_web.observability import health
from gongkai_web.operations import services
from gongkai_web.operations.tests.notices import NOTICE_2027
from gongkai_web.operations.tests.test_calendar_years import sysadmin
from gongkai_web.organizations.tests.cast import Cast


def _checks(response) -> dict[str, dict[str, object]]:
    return {check["name"]: check for check in json.loads(response.content)["checks"]}


@pytest.fixture
def midsummer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "local_today", lambda: dt.date(2026, 6, 1))


def test_it_says_the_process_lives_without_touching_the_database() -> None:
    # No django_db mark: a query here would fail the test.
    response = Client().get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "message": "进程正在运行"}
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_it_is_ready_when_every_dependency_answers(midsummer: None) -> None:
    before = AuditEntry.objects.count()
    response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["message"] == "全部检查通过"
    checks = _checks(response)
    assert set(checks) == {"database", "cache", "queue", "disk", "calendar"}
    assert all(check["status"] == "ok" for check in checks.values())
    assert checks["database"]["message"] == "数据库可以查询"
    assert checks["calendar"]["message"] == "工作日历包含 2026 年"
    assert AuditEntry.objects.count() == before  # probes leave the audit log alone
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_it_needs_no_csrf_token_nor_session_and_refuses_writes() -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/readyz").status_code == 405
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_it_is_not_ready_when_the_database_cannot_be_reached(
    midsummer: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> None:
        raise OperationalError(
            'connection to server at "db.intranet" failed: password authentication failed '
            "for user gongkai password=S3cret"
        )

    monkeypatch.setattr(connections["default"], "ensure_connection", refuse)
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "fail"
    checks = _checks(response)
    assert checks["database"] == {
        **checks["database"],
        "status": "fail",
        "message": "无法连接或查询数据库（OperationalError）",
    }
    assert checks["calendar"]["status"] == "fail"  # it reads the entered years from there
    assert checks["cache"]["status"] == "ok"
    assert "database" in body["message"]
    # The error's text (a host, a user, a password) stays in the log.
    assert "S3cret" not in response.content.decode()
    assert "db.intranet" not in response.content.decode()


@pytest.mark.django_db
@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
)
def test_it_is_not_ready_when_the_cache_cannot_be_reached(midsummer: None) -> None:
    response = Client().get("/readyz")
    assert response.status_code == 503
    checks = _checks(response)
    assert checks["cache"]["status"] == "fail"
    assert checks["cache"]["message"] == "无法连接缓存（ConnectionError）"
    assert checks["database"]["status"] == "ok"


@pytest.mark.django_db
def test_it_reads_the_queue_length(
    midsummer: None, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    queue = SqliteHuey("gongkai-test", filename=str(tmp_path / "queue.sqlite3"))

    @queue.task()
    def nothing() -> None:
        pass

    nothing()
    nothing()
    monkeypatch.setattr(health, "task_queue", lambda: queue)
    checks = _checks(Client().get("/readyz"))
    assert checks["queue"]["status"] == "ok"
    assert checks["queue"]["message"] == "任务队列可以连接，排队任务 2 个"


@pytest.mark.django_db
def test_it_is_not_ready_when_the_queue_cannot_be_reached(
    midsummer: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue = RedisHuey("gongkai-test", url="redis://127.0.0.1:1/0")
    monkeypatch.setattr(health, "task_queue", lambda: queue)
    response = Client().get("/readyz")
    assert response.status_code == 503
    checks = _checks(response)
    assert checks["queue"]["status"] == "fail"
    assert checks["queue"]["message"] == "无法连接任务队列（ConnectionError）"


@pytest.mark.django_db
def test_it_is_not_ready_when_the_disk_for_stored_files_runs_low(midsummer: None, tmp_path) -> None:
    with override_settings(MEDIA_ROOT=tmp_path / "media", GONGKAI_MEDIA_MIN_FREE_MB=1 << 40):
        response = Client().get("/readyz")
    assert response.status_code == 503
    message = str(_checks(response)["disk"]["message"])
    assert message.startswith("存放文件的磁盘只剩 ")
    assert "低于下限" in message
    assert "GONGKAI_MEDIA_MIN_FREE_MB" in message
    with override_settings(MEDIA_ROOT=tmp_path / "media", GONGKAI_MEDIA_MIN_FREE_MB=1):
        assert _checks(Client().get("/readyz"))["disk"]["status"] == "ok"


@pytest.mark.django_db
def test_it_wants_next_years_calendar_from_the_first_of_november(
    monkeypatch: pytest.MonkeyPatch, cast: Cast
) -> None:
    monkeypatch.setattr(health, "local_today", lambda: dt.date(2026, 10, 31))
    response = Client().get("/readyz")
    assert _checks(response)["calendar"]["status"] == "ok"

    monkeypatch.setattr(health, "local_today", lambda: dt.date(2026, 11, 1))
    response = Client().get("/readyz")
    assert response.status_code == 503
    calendar = _checks(response)["calendar"]
    assert calendar["status"] == "fail"
    assert str(calendar["message"]).startswith("工作日历缺少 2027 年：")
    assert "/operations/calendar/" in str(calendar["message"])

    services.enter_year(actor=sysadmin(cast), method="notice", year=2027, text=NOTICE_2027)
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert _checks(response)["calendar"]["message"] == "工作日历包含 2026 年和 2027 年"


@pytest.mark.django_db
def test_the_day_next_year_is_due_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "local_today", lambda: dt.date(2026, 10, 15))
    with override_settings(GONGKAI_CALENDAR_NEXT_YEAR_DUE=(10, 1)):
        assert _checks(Client().get("/readyz"))["calendar"]["status"] == "fail"


@pytest.mark.django_db
def test_it_always_wants_this_years_calendar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "local_today", lambda: dt.date(2031, 3, 1))
    calendar = _checks(Client().get("/readyz"))["calendar"]
    assert calendar["status"] == "fail"
    assert str(calendar["message"]).startswith("工作日历缺少 2031 年：")


@pytest.mark.django_db
def test_a_failing_probe_is_not_logged_as_a_server_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # Next year's calendar missing from November on would otherwise log an error every scrape.
    import logging

    monkeypatch.setattr(health, "local_today", lambda: dt.date(2026, 12, 3))
    seen: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = seen.append  # type: ignore[method-assign,assignment]
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        assert Client().get("/readyz").status_code == 503
    finally:
        logger.removeHandler(handler)
    assert seen == []
