"""催办 from the 督办 list: the leader or the 政务公开办 above presses an overdue case; it is
recorded on the case with the reason and audited, and whoever handles it gets an e-mail."""

import datetime as dt

from django.core import mail

from gongkai_web.audit.models import AuditEntry
from gongkai_web.cases.models import CaseEvent


def test_the_supervisor_urges_an_overdue_case_and_its_clerks_are_mailed(
    submit, login_as, cast, django_capture_on_commit_callbacks
):
    clerk = cast.user("jiaoyu_clerk")
    clerk.email = "wang@xinhua.example"
    clerk.save()
    application = submit(received=dt.date(2025, 1, 2))
    client = login_as("xinhua_supervisor")
    listing = client.get("/cases/supervision/").content.decode()
    assert application.tracking_number in listing and "催办意见" in listing
    with django_capture_on_commit_callbacks(execute=True):  # the mail goes once it is recorded
        done = client.post(
            f"/cases/{application.pk}/urge/", {"note": "请于本周五前答复"}, follow=True
        )
    assert "已催办" in done.content.decode() and "已邮件通知 1 人" in done.content.decode()
    event = CaseEvent.objects.get(application=application, action="urge")
    assert event.note == "请于本周五前答复" and event.get_action_display() == "催办"
    assert AuditEntry.objects.get(action="case.urged").changes["note"] == "请于本周五前答复"
    assert mail.outbox[0].to == ["wang@xinhua.example"]
    assert application.tracking_number in mail.outbox[0].subject


def test_a_clerk_may_not_urge_and_an_urge_needs_its_reason(submit, login_as):
    application = submit(received=dt.date(2025, 1, 2))
    refused = login_as("jiaoyu_clerk").post(f"/cases/{application.pk}/urge/", {"note": "快"})
    assert refused.status_code == 403
    assert "催办须由本机关分管领导或上级政务公开办办理" in refused.content.decode()
    empty = login_as("jiaoyu_leader").post(
        f"/cases/{application.pk}/urge/", {"note": " "}, follow=True
    )
    assert "请写明催办意见" in empty.content.decode()
    assert not CaseEvent.objects.filter(action="urge").exists()
