"""A failing background task is retried, and every failure is shown to the system administrator."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from gongkai_web.operations.models import TaskFailure
from gongkai_web.organizations.tests.cast import Cast

calls: list[int] = []


@HUEY.task(retries=1)  # type: ignore[untyped-decorator]  # huey ships no types
def flaky_conversion(document_id: int) -> None:
    calls.append(document_id)
    raise RuntimeError(f"LibreOffice could not convert document {document_id}")


def test_it_retries_and_records_each_failure(cast: Cast) -> None:
    calls.clear()
    flaky_conversion(42)
    assert calls == [42, 42]
    failures = list(TaskFailure.objects.order_by("pk"))
    assert [f.retries_left for f in failures] == [1, 0]
    assert failures[0].error == "RuntimeError: LibreOffice could not convert document 42"
    assert "flaky_conversion" in failures[0].task_name


def test_the_system_administrator_sees_and_resolves_failures(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    flaky_conversion(7)
    client = login_as("sysadmin")
    page = client.get(reverse("operations:task_failures")).content.decode()
    assert "将自动重试（剩余 1 次）" in page
    assert "已放弃，需人工处理" in page
    failure = TaskFailure.objects.filter(retries_left=0).get()
    client.post(reverse("operations:task_failure_resolve", kwargs={"failure_id": failure.pk}))
    assert TaskFailure.objects.get(pk=failure.pk).resolved
