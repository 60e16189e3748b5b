"""The two outermost middlewares: every request's id, time, count and log line; and the
health and metrics endpoints, answered before any other middleware runs (no session, no
CSRF, no host check, no HTTPS redirect: a probe may call the application server directly)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from gongkai_web.observability import health, metrics
from gongkai_web.observability.context import (
    HEADER,
    current_request,
    current_request_id,
    request_id_for,
)

access_log = logging.getLogger("gongkai.request")

PROBES: dict[str, tuple[str, Callable[[HttpRequest], HttpResponse]]] = {}


def _metrics_view(request: HttpRequest) -> HttpResponse:
    if not metrics.may_read(request):
        return HttpResponse(
            "无权读取监控指标：只有 GONGKAI_METRICS_ALLOWED_IPS 中的地址，"
            "或携带 GONGKAI_METRICS_TOKEN（Authorization: Bearer …）的请求可以读取。\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(metrics.exposition(), content_type=metrics.CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response


PROBES.update(
    {
        "/healthz": ("healthz", health.healthz),
        "/readyz": ("readyz", health.readyz),
        "/metrics": ("metrics", _metrics_view),
    }
)


class RequestObservationMiddleware:
    """First in MIDDLEWARE: gives the request its id (nginx's X-Request-ID, or a new one),
    returns it in the response's X-Request-ID, counts and times the request and writes the
    access log line (status, duration_ms, route)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = request_id_for(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        request_token = current_request.set(request)
        id_token = current_request_id.set(request_id)
        metrics.in_progress().inc()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            route = _route(request)
            status = response.status_code
            metrics.observe_request(
                route=route, method=request.method or "", status=status, seconds=seconds
            )
            response[HEADER] = request_id
            access_log.log(
                logging.DEBUG if route in {"healthz", "readyz", "metrics"} else logging.INFO,
                "%s %s %s %.1fms",
                request.method,
                request.path,
                response.status_code,
                seconds * 1000,
                extra={
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                    "route": route,
                },
            )
            return response
        finally:
            metrics.in_progress().dec()
            current_request_id.reset(id_token)
            current_request.reset(request_token)


def _route(request: HttpRequest) -> str:
    probe = getattr(request, "probe", "")
    if probe:
        return str(probe)
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return str(match.view_name or match.route or "<unnamed>")


class ProbeMiddleware:
    """Answers /healthz, /readyz and /metrics itself; second in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info.rstrip("/") or "/")
        if probe is None:
            return self.get_response(request)
        name, view = probe
        request.probe = name  # type: ignore[attr-defined]
        if request.method not in {"GET", "HEAD"}:
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request)
