"""Those who handle a case see the applicant's contact details on request, and each look is
audited; a supervisor above the agency, who oversees but does not contact, is refused."""

from gongkai_web.audit.models import AuditEntry


def test_the_clerk_sees_the_applicants_contact_details_and_the_look_is_audited(submit, login_as):
    application = submit(address="新华区建设路1号", postcode="467000")
    client = login_as("jiaoyu_clerk")
    page = client.get(f"/cases/{application.pk}/").content.decode()
    assert "查看联系方式" in page and "13800138000" not in page  # not shown until asked
    shown = client.post(f"/cases/{application.pk}/contact/").content.decode()
    assert "13800138000" in shown and "新华区建设路1号" in shown and "zhangsan@example.com" in shown
    looked = AuditEntry.objects.get(action="case.contact_viewed")
    assert looked.object_id == str(application.pk) and looked.actor_name == "jiaoyu_clerk"


def test_a_supervisor_above_is_told_whom_to_ask(submit, login_as):
    application = submit()
    refused = login_as("xinhua_supervisor").post(f"/cases/{application.pk}/contact/")
    assert refused.status_code == 403
    assert "上级政务公开办督办时请联系承办人" in refused.content.decode()
    assert not AuditEntry.objects.filter(action="case.contact_viewed").exists()
    assert login_as("jiaoyu_clerk").get(f"/cases/{application.pk}/contact/").status_code == 405
