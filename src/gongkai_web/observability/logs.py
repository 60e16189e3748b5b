"""Log lines as JSON objects, one per line, for the intranet's log collector; plain for people.

Every record carries the request id, the signed-in user's id (never the name), the method and
the path of the request it was written under (or the task's name in the task worker), added
by `RequestContextFilter`. `logconfig.logging_config` builds the LOGGING setting.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from gongkai_web.observability.context import (
    current_request,
    current_request_id,
    current_task,
    known_user_id,
)

# Attributes every LogRecord has; whatever else a record carries came from ``extra=``.
_STANDARD = frozenset(
    set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__)
    | {"message", "asctime", "request_id", "user_id", "path", "method", "task"}
)
# Django's own records pass the request and the server's socket in ``extra``: not printable.
_UNPRINTABLE = frozenset({"request", "server_time"})


class RequestContextFilter(logging.Filter):
    """Adds request_id, user_id, method, path and task to every record (empty when none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = current_request.get()
        record.request_id = current_request_id.get()
        record.user_id = known_user_id(request)
        record.method = request.method if request is not None else ""
        record.path = request.path if request is not None else ""
        record.task = current_task.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request's context, whatever
    was passed in ``extra`` (status, duration_ms, …) and the traceback, if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in ("request_id", "user_id", "method", "path", "task"):
            value = getattr(record, key, None)
            if value not in (None, ""):
                entry[key] = value
        # django.request names the status of a 4xx/5xx response status_code.
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        for key, value in record.__dict__.items():
            if key in _STANDARD or key in _UNPRINTABLE or key.startswith("_") or key in entry:
                continue
            if key == "status_code":
                continue
            entry[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)
