"""Request and task metrics in the Prometheus text format, and who may read them.

The counters and histograms are prometheus_client's. With several gunicorn workers each
process counts its own, so PROMETHEUS_MULTIPROC_DIR (an empty directory, shared by the web
workers and the task worker of one machine) switches prometheus_client to its multiprocess
mode: each process writes its values to files there and a scrape adds them up, whichever
worker answers it. Without the variable the values live in the one process (runserver, tests).

The gauges that are cheap to read from the records (open applications by state, unresolved
task failures, queued tasks, free space for stored files) are computed at scrape time.
"""

from __future__ import annotations

import functools
import hmac
import ipaddress
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from gongkai_web import config
from gongkai_web.audit.services import client_address

log = logging.getLogger(__name__)

# The *_created series (when each series began) only double the output; counters' resets are
# visible to Prometheus without them.
disable_created_metrics()

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
MULTIPROCESS = config.read("PROMETHEUS_MULTIPROC_DIR", None) is not None

# In multiprocess mode the values are in the files, whatever registry a metric is attached to;
# a registry of our own keeps prometheus_client's default collectors out in either mode.
REGISTRY = CollectorRegistry(auto_describe=True)

REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
TASK_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0)

HTTP_REQUESTS = Counter(
    "gongkai_http_requests",
    "Requests answered, by route (the URL name), method and status class (2xx, 4xx, 5xx…).",
    ["route", "method", "status"],
    registry=REGISTRY,
)
HTTP_DURATION = Histogram(
    "gongkai_http_request_duration_seconds",
    "Time from the request reaching gongkai to its response, by route.",
    ["route"],
    buckets=REQUEST_BUCKETS,
    registry=REGISTRY,
)


@functools.cache
def in_progress() -> Gauge:
    """Made on the first request, not at import: in multiprocess mode a gauge writes its file
    when made, and management commands (migrate, the daily jobs) need none."""
    return Gauge(
        "gongkai_http_requests_in_progress",
        "Requests being handled now, over every live worker.",
        multiprocess_mode="livesum",
        registry=REGISTRY,
    )


TASKS_QUEUED = Counter(
    "gongkai_tasks_enqueued",
    "Background tasks put on the queue, by task name.",
    ["task"],
    registry=REGISTRY,
)
TASKS_RUN = Counter(
    "gongkai_tasks",
    "Background task runs ended, by task name and outcome (success, retry, failure).",
    ["task", "outcome"],
    registry=REGISTRY,
)
TASK_DURATION = Histogram(
    "gongkai_task_duration_seconds",
    "Time one run of a background task took, by task name.",
    ["task"],
    buckets=TASK_BUCKETS,
    registry=REGISTRY,
)

KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observe_request(*, route: str, method: str, status: int, seconds: float) -> None:
    method = method if method in KNOWN_METHODS else "OTHER"
    HTTP_REQUESTS.labels(route=route, method=method, status=f"{status // 100}xx").inc()
    HTTP_DURATION.labels(route=route).observe(seconds)


class RecordsCollector(Collector):
    """Gauges read from the database and the disk at scrape time."""

    def collect(self) -> Iterator[Metric]:
        yield from _safely("applications", _open_applications)
        yield from _safely("task failures", _unresolved_failures)
        yield from _safely("task queue", _queued_tasks)
        yield from _safely("stored files", _media_free)


def _safely(what: str, read: object) -> Iterator[Metric]:
    # A scrape during a database outage still returns the request and task counts.
    try:
        yield from read()  # type: ignore[operator]
    except Exception as exc:
        log.warning("metrics: could not read %s: %s", what, type(exc).__name__)


def _open_applications() -> Iterator[Metric]:
    from django.db.models import Count

    from gongkai.cases.states import CLOSED_STATES, CaseState
    from gongkai_web.cases.models import Application

    closed = [state.value for state in CLOSED_STATES]
    counts = dict(
        Application.objects.exclude(state__in=closed)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    family = GaugeMetricFamily(
        "gongkai_applications_open",
        "Disclosure applications not yet answered, withdrawn or closed, by state.",
        labels=["state"],
    )
    for state in CaseState:
        if state.is_open:
            family.add_metric([state.value], counts.get(state.value, 0))
    yield family


def _unresolved_failures() -> Iterator[Metric]:
    from gongkai_web.operations.models import TaskFailure

    yield GaugeMetricFamily(
        "gongkai_task_failures_unresolved",
        "Background task failures on the 后台任务 page not yet marked as handled.",
        value=TaskFailure.objects.filter(resolved=False).count(),
    )


def _queued_tasks() -> Iterator[Metric]:
    from huey.contrib.djhuey import HUEY

    yield GaugeMetricFamily(
        "gongkai_task_queue_pending",
        "Tasks waiting on the queue for the task worker (growing: no worker is running).",
        value=HUEY.pending_count(),
    )


def media_usage_root() -> Path:
    """The nearest existing directory of MEDIA_ROOT (it is created with the first file)."""
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _media_free() -> Iterator[Metric]:
    usage = shutil.disk_usage(media_usage_root())
    yield GaugeMetricFamily(
        "gongkai_media_free_bytes",
        "Free space on the file system holding stored files (MEDIA_ROOT).",
        value=usage.free,
    )


def exposition() -> bytes:
    """The text a scrape gets: every process's counts, then the gauges read now."""
    registry = CollectorRegistry()
    if MULTIPROCESS:
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Forward(REGISTRY))
    registry.register(RecordsCollector())
    return generate_latest(registry)


class _Forward(Collector):
    def __init__(self, source: CollectorRegistry) -> None:
        self.source = source

    def collect(self) -> Iterator[Metric]:
        yield from self.source.collect()


# --- who may read them ----------------------------------------------------------------------


def _networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    found = []
    for item in getattr(settings, "GONGKAI_METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"]):
        found.append(ipaddress.ip_network(str(item), strict=False))
    return found


def _proxied_without_trust(request: HttpRequest) -> bool:
    """A request nginx forwarded while gongkai is not told to trust X-Forwarded-For: its
    REMOTE_ADDR is nginx's own (often 127.0.0.1), which says nothing about the client."""
    if getattr(settings, "GONGKAI_TRUST_X_FORWARDED_FOR", False):
        return False
    return bool(request.META.get("HTTP_X_FORWARDED_FOR") or request.META.get("HTTP_X_REAL_IP"))


def may_read(request: HttpRequest) -> bool:
    token = str(getattr(settings, "GONGKAI_METRICS_TOKEN", "") or "")
    offered = request.headers.get("Authorization", "")
    if token and offered.startswith("Bearer "):
        return hmac.compare_digest(offered[7:].strip().encode(), token.encode())
    if _proxied_without_trust(request):
        return False
    try:
        address = ipaddress.ip_address(client_address(request).split("%")[0])
    except ValueError:
        return False
    return any(address in network for network in _networks())
