"""The intranet's Prometheus reads request and task counts from /metrics; nobody else may."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings
from huey.contrib.djhuey import HUEY
from prometheus_client.parser import text_string_to_metric_families

from gongkai_web.cases.models import Application
from gongkai_web.cases.tests.conftest import actors, submit  # noqa: F401
from gongkai_web.operations.models import TaskFailure

Labels = tuple[tuple[str, str], ...]


def scrape(client: Client | None = None, **extra: Any) -> dict[tuple[str, Labels], float]:
    response = (client or Client()).get("/metrics", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    samples: dict[tuple[str, Labels], float] = {}
    # The parser raises on anything that is not the text exposition format.
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict[tuple[str, Labels], float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.mark.django_db
def test_it_counts_requests_by_route_and_status_class() -> None:
    before = scrape()
    client = Client()
    for _ in range(3):
        assert client.get("/gk/").status_code == 200
    assert client.get("/no-such-page/").status_code == 404
    after = scrape()

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    index = {"route": "portal:index", "method": "GET", "status": "2xx"}
    assert moved("gongkai_http_requests_total", **index) == 3
    missing = {"route": "<unmatched>", "method": "GET", "status": "4xx"}
    assert moved("gongkai_http_requests_total", **missing) == 1
    assert moved("gongkai_http_request_duration_seconds_count", route="portal:index") == 3
    assert moved("gongkai_http_request_duration_seconds_sum", route="portal:index") > 0


@pytest.mark.django_db
def test_it_counts_background_tasks_by_outcome_and_times_them() -> None:
    @HUEY.task(name="observability_test_sum")
    def add(a: int, b: int) -> int:
        return a + b

    @HUEY.task(name="observability_test_fail")
    def fail() -> None:
        raise RuntimeError("the letter template is missing")

    before = scrape()
    add(1, 2)
    add(3, 4)
    fail()
    after = scrape()

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("gongkai_tasks_total", task="observability_test_sum", outcome="success") == 2
    assert moved("gongkai_tasks_total", task="observability_test_fail", outcome="failure") == 1
    assert moved("gongkai_tasks_enqueued_total", task="observability_test_sum") == 2
    assert moved("gongkai_task_duration_seconds_count", task="observability_test_sum") == 2
    # The failure is on the 后台任务 page, and counted there until someone marks it handled.
    assert TaskFailure.objects.filter(task_name="observability_test_fail").count() == 1
    assert moved("gongkai_task_failures_unresolved") == 1


@pytest.mark.django_db
def test_it_shows_open_applications_by_state(submit: Callable[..., Application]) -> None:  # noqa: F811
    before = value(scrape(), "gongkai_applications_open", state="registered")
    submit()
    submit()
    samples = scrape()
    assert value(samples, "gongkai_applications_open", state="registered") == before + 2
    assert ("gongkai_applications_open", (("state", "replied"),)) not in samples
    assert ("gongkai_task_queue_pending", ()) in samples
    assert value(samples, "gongkai_media_free_bytes") > 0


@pytest.mark.django_db
def test_it_refuses_other_addresses() -> None:
    response = Client().get("/metrics", REMOTE_ADDR="10.20.30.40")
    assert response.status_code == 403
    assert "GONGKAI_METRICS_ALLOWED_IPS" in response.content.decode()


@pytest.mark.django_db
def test_it_refuses_a_request_forwarded_by_an_untrusted_proxy() -> None:
    # nginx on the same machine: REMOTE_ADDR is 127.0.0.1 whoever the client is.
    response = Client().get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 403


@pytest.mark.django_db
@override_settings(GONGKAI_TRUST_X_FORWARDED_FOR=True, GONGKAI_METRICS_ALLOWED_IPS=["10.8.0.0/16"])
def test_it_admits_the_monitoring_network_behind_a_trusted_proxy() -> None:
    scrape(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.8.1.2")
    response = Client().get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.1.2")
    assert response.status_code == 403


@pytest.mark.django_db
@override_settings(GONGKAI_METRICS_TOKEN="monitoring-token-0123456789")
def test_it_admits_a_scraper_with_the_token_from_anywhere() -> None:
    scrape(REMOTE_ADDR="10.20.30.40", HTTP_AUTHORIZATION="Bearer monitoring-token-0123456789")
    response = Client().get(
        "/metrics", REMOTE_ADDR="10.20.30.40", HTTP_AUTHORIZATION="Bearer wrong"
    )
    assert response.status_code == 403
