"""A supervisor's batch check is a background job that ends, one way or another (table
gongkai.workflow.tables.batch_check): a failure is shown to the uploader, who may run it again,
and running an attempt twice never doubles its files."""

import io
import zipfile

import pytest
from django.urls import reverse

from gongkai.report.render import renderers
from gongkai.workflow.lifecycle import Refused
from gongkai.workflow.tables.batch_check import BatchAction, BatchState
from gongkai_web.annual_reports import batch
from gongkai_web.annual_reports.models import BatchCheck, BatchEvent, CheckedFile
from gongkai_web.annual_reports.workflow import BATCH
from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.services import SYSTEM
from gongkai_web.workflow import services as workflow

pytestmark = pytest.mark.django_db

DISTRICT = "新华区人民政府"


@pytest.fixture
def upload(cast, actors, django_capture_on_commit_callbacks):
    def make(name, data):
        with django_capture_on_commit_callbacks(execute=True):
            made = batch.start(actor=actors["supervisor"], agency=cast.agency(DISTRICT),
                               name=name, data=data)  # fmt: skip
        return BatchCheck.objects.get(pk=made.pk)

    return make


def _zip(**files):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return archive.getvalue()


def test_it_fails_a_zip_that_is_not_a_zip_and_tells_the_uploader_what_to_do(upload, login_as):
    made = upload("reports.zip", b"this is not a zip archive")

    assert made.status == BatchState.FAILED
    failed = BatchEvent.objects.get(record=made, action=BatchAction.FAIL)
    assert failed.note == "“reports.zip”不是有效的 zip 压缩包。" and failed.actor is None
    assert list(BatchEvent.objects.filter(record=made).values_list("action", flat=True)) == [
        "start", "fail",
    ]  # fmt: skip
    assert AuditEntry.objects.filter(action="annual_report.batch.fail").count() == 1
    page = login_as("xinhua_supervisor").get(reverse("annual_reports:batch", args=[made.pk]))
    html = page.content.decode()
    assert "检查失败" in html and "不是有效的 zip 压缩包" in html
    assert "改正后在“批量检查”页重新上传" in html
    assert 'name="action" value="retry"' in html and "后台检查中" not in html


def test_it_checks_a_failed_batch_again_when_the_uploader_retries(
    upload, login_as, monkeypatch, seed_report, django_capture_on_commit_callbacks
):
    real = batch.parse_item  # type: ignore[attr-defined]  # the name batch looks up

    def broken(item, options):
        raise OSError("disk full")

    monkeypatch.setattr(batch, "parse_item", broken)
    made = upload("reports.zip", _zip(**{"a.txt": renderers()["txt"](seed_report)}))
    assert made.status == BatchState.FAILED
    assert "读取上传的文件时出错（OSError）" in made.events.get(action="fail").note
    assert not CheckedFile.objects.filter(batch=made).exists()  # nothing half-written

    monkeypatch.setattr(batch, "parse_item", real)
    with django_capture_on_commit_callbacks(execute=True):
        login_as("xinhua_supervisor").post(
            reverse("workflow:move", args=["batch_check", made.pk]),
            {"action": "retry", "expected": BATCH.last_event_id(made)},
        )

    made.refresh_from_db()
    assert made.status == BatchState.DONE
    assert [f.name for f in CheckedFile.objects.filter(batch=made)] == ["a.txt"]
    assert list(made.events.values_list("action", flat=True)) == [
        "start", "fail", "retry", "start", "finish",
    ]  # fmt: skip


def test_it_runs_a_retried_attempt_from_a_clean_slate(cast, actors, seed_report):
    # Uploaded; the queue's task is not run yet (this test's transaction never commits).
    made = batch.start(actor=actors["supervisor"], agency=cast.agency(DISTRICT), name="a.txt",
                       data=renderers()["txt"](seed_report))  # fmt: skip
    # The first attempt starts and writes, then its worker dies; the queue runs the task again.
    workflow.apply(BATCH, made, BatchAction.START, actor=SYSTEM)
    CheckedFile.objects.create(batch=made, name="stale.txt", format="txt")
    assert BatchCheck.objects.get(pk=made.pk).status == BatchState.RUNNING

    assert batch.check_batch.call_local(made.pk) == 1

    assert [f.name for f in CheckedFile.objects.filter(batch=made)] == ["a.txt"]
    # A finished check is not started again.
    assert batch.check_batch.call_local(made.pk) == 0
    assert CheckedFile.objects.filter(batch=made).count() == 1


def test_it_refuses_a_retry_by_someone_who_neither_uploaded_nor_supervises(
    upload, actors, login_as
):
    made = upload("reports.zip", b"PK broken")

    with pytest.raises(Refused, match="“重新检查”须由政务公开办或拟稿人办理"):
        workflow.apply(BATCH, made, BatchAction.RETRY, actor=actors["clerk"])
    assert (
        login_as("jiaoyu_clerk")
        .post(reverse("workflow:move", args=["batch_check", made.pk]), {"action": "retry"})
        .status_code
        == 403
    )
    assert BatchCheck.objects.get(pk=made.pk).status == BatchState.FAILED


def test_it_refuses_a_second_retry_of_the_same_failure(upload, actors):
    made = upload("reports.zip", b"not a zip")
    shown = BATCH.last_event_id(made)
    # Queued again; the worker has not picked it up yet.
    workflow.apply(BATCH, made, BatchAction.RETRY, actor=actors["supervisor"], expected=shown)

    with pytest.raises(Refused, match="已有人办理，现为“排队中”"):
        workflow.apply(BATCH, made, BatchAction.RETRY, actor=actors["supervisor"], expected=shown)
    assert made.events.filter(action="retry").count() == 1
    with pytest.raises(Refused, match="“开始检查”须由系统后台任务办理"):
        workflow.apply(BATCH, made, BatchAction.START, actor=actors["supervisor"])
    assert workflow.apply(BATCH, made, BatchAction.START, actor=SYSTEM).record.status == "running"
