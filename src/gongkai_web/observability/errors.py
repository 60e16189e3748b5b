"""The page a user gets when the database, the cache or the task queue cannot be reached, and
the server-error page: in Chinese, with the request id to quote, rendered without touching
the database (no session, no user, no context processors).

`ServiceUnavailableMiddleware` turns such an exception raised by a view into the 503 page in
every mode; `server_error` (handler500) does it for one raised anywhere else, such as the
session middleware reading the session, and renders the 500 page for any other error.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.html import escape
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from gongkai_web.observability.context import request_id_of

log = logging.getLogger(__name__)

# Django's OperationalError and InterfaceError: the connection could not be made or was lost
# (psycopg's errors are wrapped in these), or the server refused work for now (a restart in
# progress, a lock timeout). Redis errors come from the cache and the Redis task queue;
# sqlite3's own from the SQLite task queue (Django wraps its database's in OperationalError).
UNAVAILABLE: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
    sqlite3.OperationalError,
)


def is_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc``, or an exception it was raised from, means a dependency is down."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, UNAVAILABLE):
            return True
        exc = exc.__cause__
        seen += 1
    return False


def retry_after() -> int:
    return int(getattr(settings, "GONGKAI_UNAVAILABLE_RETRY_AFTER", 10))


def _wants_json(request: HttpRequest) -> bool:
    return "/api/" in request.path or "application/json" in request.headers.get("Accept", "")


def unavailable_response(request: HttpRequest) -> HttpResponse:
    request_id = request_id_of(request)
    response: HttpResponse
    if _wants_json(request):
        response = JsonResponse(
            {
                "error": "系统暂时无法处理请求（数据库、缓存或任务队列暂不可用），请稍后重试",
                "request_id": request_id,
            },
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        html = _page("503.html", {"request_id": request_id, "retry_after": retry_after()})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(retry_after())
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: Django calls it while handling the exception, so sys.exc_info() has it."""
    exc = sys.exc_info()[1]
    if is_unavailable(exc):
        _note(request, exc)
        return unavailable_response(request)
    return HttpResponse(_page(template_name, {"request_id": request_id_of(request)}), status=500)


_BARE = (
    '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>{title}</title>'
    "</head><body><h1>{title}</h1><p>请稍后重试；如反复出现，请联系系统管理员。</p>"
    "<p>请求编号：<code>{request_id}</code></p></body></html>"
)


def _page(template_name: str, context: dict[str, object]) -> str:
    try:
        return loader.get_template(template_name).render(context)
    except Exception:
        # Even the page could not be made (a template or the static files manifest missing):
        # a bare Chinese page is still better than Django's English one.
        log.exception("error page %s could not be rendered", template_name)
        title = "系统暂时不可用（503）" if template_name == "503.html" else "服务器出错（500）"
        return _BARE.format(title=title, request_id=escape(str(context.get("request_id", ""))))


def _note(request: HttpRequest, exc: BaseException | None) -> None:
    # One line, no traceback: an outage fails hundreds of requests a second in the same way.
    log.warning(
        "dependency unavailable, answered 503: %s: %s",
        type(exc).__name__,
        str(exc).splitlines()[0] if str(exc) else "",
    )


class ServiceUnavailableMiddleware:
    """Last in MIDDLEWARE, so it sees a view's exception first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_unavailable(exception):
            return None
        if settings.DEBUG and getattr(settings, "GONGKAI_TECHNICAL_ERRORS", False):
            return None  # the developer asked for Django's technical page
        _note(request, exception)
        return unavailable_response(request)
