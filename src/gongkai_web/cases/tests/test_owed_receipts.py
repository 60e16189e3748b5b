"""No application without its receipt: the transaction that files it marks the receipt owed,
the one that stores the receipt clears the mark, and a sweep renders what a lost task left."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.workdays import Calendar, YearSchedule
from gongkai_web.cases import captcha, services, tasks
from gongkai_web.cases.models import Application, Letter, LetterKind
from gongkai_web.cases.tests.test_pages_and_api import apply_payload
from gongkai_web.organizations.tests.cast import Cast

pytestmark = pytest.mark.django_db

Submit = Callable[..., Application]
LATER = dt.timedelta(minutes=5)


def receipts(application: Application) -> int:
    return Letter.objects.filter(application=application, kind=LetterKind.RECEIPT).count()


def test_it_marks_an_application_owed_its_receipt_until_the_receipt_is_stored(
    submit: Submit,
) -> None:
    application = submit()  # the queued task runs after a commit, which this test never makes
    assert Application.objects.get(pk=application.pk).receipt_owed
    letter = services.receipt(application)
    assert letter.kind == LetterKind.RECEIPT
    assert not Application.objects.get(pk=application.pk).receipt_owed


def test_it_renders_a_receipt_once_however_often_it_is_asked_for(submit: Submit) -> None:
    application = submit()
    assert services.receipt(application) == services.receipt(application)
    assert receipts(application) == 1


def test_it_refuses_a_second_receipt_row_in_the_database(submit: Submit) -> None:
    application = submit()
    first = services.receipt(application)
    with pytest.raises(IntegrityError), transaction.atomic():
        Letter.objects.create(
            application=application,
            kind=LetterKind.RECEIPT,
            title=first.title,
            file=first.file,
            created_at=timezone.now(),
        )


def test_it_sweeps_up_every_owed_receipt_once(submit: Submit) -> None:
    owed = [submit(name=name) for name in ("张三", "李四", "王五")]
    done = submit(name="赵六")
    services.receipt(done)
    sweep = services.render_owed_receipts(submitted_before=timezone.now() + LATER)
    assert sorted(sweep.rendered) == sorted(a.tracking_number for a in owed)
    assert [receipts(a) for a in [*owed, done]] == [1, 1, 1, 1]
    assert not Application.objects.filter(receipt_owed=True).exists()
    again = services.render_owed_receipts(submitted_before=timezone.now() + LATER)
    assert again.rendered == [] and again.failed == {}


def test_it_leaves_a_just_filed_application_to_its_queued_task(submit: Submit) -> None:
    submit()
    sweep = services.render_owed_receipts(submitted_before=timezone.now() - LATER)
    assert sweep.rendered == []
    assert Application.objects.filter(receipt_owed=True).count() == 1


def test_it_reports_a_receipt_that_cannot_be_rendered_and_renders_the_others(
    submit: Submit, monkeypatch: pytest.MonkeyPatch, settings
) -> None:
    broken, fine = submit(name="张三"), submit(name="李四")
    real = services.receipts.issue_letter  # type: ignore[attr-defined]

    def issue(actor, application, *args, **kwargs):  # type: ignore[no-untyped-def]
        if application.pk == broken.pk:
            raise OSError("disk full")
        return real(actor, application, *args, **kwargs)

    monkeypatch.setattr(services.receipts, "issue_letter", issue)
    sweep = services.render_owed_receipts(submitted_before=timezone.now() + LATER)
    assert sweep.rendered == [fine.tracking_number]
    assert sweep.failed == {broken.tracking_number: "OSError: disk full"}
    assert Application.objects.get(pk=broken.pk).receipt_owed
    settings.GONGKAI_RECEIPT_SWEEP_AFTER = 0
    with pytest.raises(tasks.ReceiptsNotRendered, match="disk full"):
        tasks.render_owed_receipts.call_local()


def test_it_sweeps_from_the_periodic_task_and_the_command(
    submit: Submit, settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.GONGKAI_RECEIPT_SWEEP_AFTER = 0
    first = submit(name="张三")
    assert tasks.render_owed_receipts.call_local() == "1 receipts rendered, 0 wait for the calendar"
    second = submit(name="李四")
    call_command("render_owed_receipts", "--older-than", "0")
    assert "已生成 1 份申请接收回执" in capsys.readouterr().out
    assert receipts(first) == receipts(second) == 1


@pytest.mark.django_db(transaction=True)
def test_it_acknowledges_the_application_when_the_queue_is_unreachable(
    cast: Cast, frozen_clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(pk: int) -> None:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    monkeypatch.setattr(tasks, "issue_receipt", unreachable)
    frozen_clock.set(dt.date(2025, 3, 3))
    client = Client()
    client.get(reverse("cases:captcha"))
    answer = client.session[captcha.SESSION_KEY]
    response = client.post(
        reverse("cases:apply"), apply_payload(cast.agency("新华区教育局").pk, answer)
    )
    # Committed, so acknowledged: the tracking number page, never a 500 after the commit.
    application = Application.objects.get()
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200  # type: ignore[attr-defined]
    assert application.receipt_owed and receipts(application) == 0
    services.render_owed_receipts(submitted_before=timezone.now() + LATER)
    assert receipts(application) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_rendering_the_same_receipt_store_one(submit: Submit) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory test database locks whole tables; PostgreSQL runs this")
    application = submit()
    start = threading.Barrier(2)
    letters: list[int] = []
    errors: list[BaseException] = []

    def render() -> None:
        try:
            start.wait()
            letters.append(services.receipt(application).pk)
        except BaseException as error:  # reported in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=render) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(letters) == 2 and len(set(letters)) == 1
    assert receipts(application) == 1


def test_it_keeps_a_receipt_owed_until_the_calendar_has_its_due_year(
    submit: Submit, monkeypatch: pytest.MonkeyPatch
) -> None:
    late = submit(received=dt.date(2026, 12, 10))  # due in 2027, which is not shipped
    sweep = services.render_owed_receipts(submitted_before=timezone.now() + LATER)
    assert sweep.failed == {} and sweep.rendered == []
    assert "2027" in sweep.waiting[late.tracking_number]
    assert Application.objects.get(pk=late.pk).receipt_owed
    known = Calendar.from_years({2027: YearSchedule(2027, holidays=(), makeup_workdays=())})
    monkeypatch.setattr(services.receipts, "current_calendar", lambda: known)
    assert services.render_owed_receipts(submitted_before=timezone.now() + LATER).rendered == [
        late.tracking_number
    ]


def test_it_tells_the_applicant_the_receipt_waits_for_next_years_calendar(
    cast: Cast, frozen_clock
) -> None:
    from gongkai_web.operations.calendar_years import current_calendar

    known = current_calendar()
    last = max(year for year in range(2020, 2100) if known.knows(year))
    # From December on a new application is due in the next year, which nobody has entered.
    frozen_clock.set(dt.date(last, 12, 21))
    client = Client()
    client.get(reverse("cases:captcha"))
    answer = client.session[captcha.SESSION_KEY]
    response = client.post(
        reverse("cases:apply"), apply_payload(cast.agency("新华区教育局").pk, answer)
    )
    application = Application.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("cases:receipt", args=[application.tracking_number]))
    html = page.content.decode()
    assert page.status_code == 503
    assert "回执暂不能下载" in html and application.tracking_number in html
    assert f"{last + 1} 年的节假日安排尚未录入" in html
    assert application.receipt_owed and receipts(application) == 0
