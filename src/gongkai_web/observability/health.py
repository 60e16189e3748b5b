"""Liveness and readiness.

``/healthz`` says the process answers and needs nothing else: a process supervisor restarts
gongkai when it fails. ``/readyz`` tries everything a request may need — each database (a
query), the cache (a key written and read back), the task queue (its length read), the disk
holding stored files (free space above GONGKAI_MEDIA_MIN_FREE_MB) and the working-day calendar
(this year, and next year from GONGKAI_CALENDAR_NEXT_YEAR_DUE on) — and answers 503 when one
fails, for the monitoring to raise an alarm. Each check's message is Chinese and names no
secret: the exception's details go to the log, only its class name to the body.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, JsonResponse
from huey import Huey

from gongkai_web import clock
from gongkai_web.observability.metrics import media_usage_root

log = logging.getLogger(__name__)


class Status(enum.Enum):
    OK = "ok"
    FAIL = "fail"


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    message: str
    duration_ms: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "status": self.status.value,
            "message": self.message,
            "duration_ms": self.duration_ms,
        }


class CheckFailed(Exception):
    """A check that ran and found a problem; the message is for the body."""


def _database(alias: str) -> Callable[[], str]:
    def check() -> str:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
        if row is None or row[0] != 1:
            raise CheckFailed("数据库查询返回了意外的结果")
        return "数据库可以查询"

    return check


def _cache() -> str:
    key = f"gongkai:readyz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    try:
        read = cache.get(key)
    finally:
        cache.delete(key)
    if read != value:
        raise CheckFailed("缓存写入后读不回同一个值（缓存可能已满或配置有误）")
    return "缓存可以写入和读取"


def task_queue() -> Huey:
    from huey.contrib.djhuey import HUEY

    return HUEY


def _queue() -> str:
    queue = task_queue()
    if queue.immediate:
        return "任务在请求的进程内立即执行（HUEY_IMMEDIATE），没有单独的队列"
    pending = queue.pending_count()
    return f"任务队列可以连接，排队任务 {pending} 个"


def _disk() -> str:
    root = media_usage_root()
    usage = shutil.disk_usage(root)
    floor = int(settings.GONGKAI_MEDIA_MIN_FREE_MB) << 20
    free = _megabytes(usage.free)
    if usage.free < floor:
        raise CheckFailed(
            f"存放文件的磁盘只剩 {free}，低于下限 {_megabytes(floor)}"
            "（GONGKAI_MEDIA_MIN_FREE_MB）；上传的文件和生成的文书可能无法保存，请清理或扩容"
        )
    if not os.access(root, os.W_OK):
        raise CheckFailed("存放文件的目录不可写，上传的文件和生成的文书无法保存；请检查目录权限")
    return f"存放文件的磁盘剩余 {free}"


def _megabytes(count: int) -> str:
    if count >= 10 << 30:
        return f"{count / (1 << 30):.0f} GB"
    return f"{count / (1 << 20):.0f} MB"


def _calendar() -> str:
    from gongkai_web.operations.calendar_years import current_calendar, overdue_years

    today = local_today()
    month, day = settings.GONGKAI_CALENDAR_NEXT_YEAR_DUE
    due = dt.date(today.year, month, day)
    missing = overdue_years(current_calendar(), today, next_year_from=due)
    if missing:
        years = "、".join(f"{year} 年" for year in missing)
        raise CheckFailed(
            f"工作日历缺少 {years}：期限跨入该年的申请和公开事项无法计算期限。"
            f"请系统管理员在「工作日历」页面（/operations/calendar/）录入国务院办公厅的放假通知"
        )
    return f"工作日历包含 {today.year} 年" + (f"和 {today.year + 1} 年" if today >= due else "")


def local_today() -> dt.date:
    return clock.today()


def checks() -> list[tuple[str, Callable[[], str]]]:
    found: list[tuple[str, Callable[[], str]]] = [
        ("database" if alias == "default" else f"database:{alias}", _database(alias))
        for alias in settings.DATABASES
    ]
    found += [("cache", _cache), ("queue", _queue), ("disk", _disk), ("calendar", _calendar)]
    return found


def run(name: str, check: Callable[[], str]) -> Check:
    started = time.perf_counter()
    try:
        message = check()
        status = Status.OK
    except CheckFailed as problem:
        message, status = str(problem), Status.FAIL
    except Exception as exc:
        log.warning("readiness check %s failed: %s: %s", name, type(exc).__name__, exc)
        what = _UNREACHABLE.get(name.split(":")[0], "检查出错")
        message, status = f"{what}（{type(exc).__name__}）", Status.FAIL
    return Check(name, status, message, round((time.perf_counter() - started) * 1000, 1))


_UNREACHABLE = {
    "database": "无法连接或查询数据库",
    "cache": "无法连接缓存",
    "queue": "无法连接任务队列",
    "disk": "无法读取存放文件的磁盘",
    "calendar": "无法读取工作日历（通常因为数据库不可用）",
}


def _answer(body: dict[str, object], status: int) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    return _answer({"status": Status.OK.value, "message": "进程正在运行"}, 200)


def readyz(request: HttpRequest) -> JsonResponse:
    results = [run(name, check) for name, check in checks()]
    failed = [result for result in results if result.status is Status.FAIL]
    body: dict[str, object] = {
        "status": Status.FAIL.value if failed else Status.OK.value,
        "message": (
            "以下检查未通过：" + "、".join(result.name for result in failed)
            if failed
            else "全部检查通过"
        ),
        "checks": [result.as_dict() for result in results],
    }
    response = _answer(body, 503 if failed else 200)
    # Django would log every failing probe as an error (every 30 s while, say, next year's
    # calendar is missing); the failed checks that raised are logged by `run` instead.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response
