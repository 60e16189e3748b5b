"""What is already public is swept for personal data on demand, by the agency's staff or
by the 政务公开办 over the agencies below it; finds are listed masked, the sweep is audited."""

import datetime as dt

from gongkai_web.audit.models import AuditEntry
from gongkai_web.publishing import services
from gongkai_web.publishing.tests.conftest import CLEAR

ID = "410402199003074569"


def published_with_id(desk):
    from gongkai.publishing.review import Stage
    from gongkai.workflow.tables.catalogue import EntryAction

    entry = desk.draft(title="2023年助学金名单", body=f"学生王五，身份证号{ID}。")
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=entry)
    # Published before the gate existed, as old entries were: acknowledged to reach the portal.
    entry = services.move(
        actor=desk.actor("jiaoyu_reviewer"), entry=entry, action=EntryAction.ACKNOWLEDGE,
        note="历史名单按当时规定公开", words=["身份证号4104**********4569"],
    )  # fmt: skip
    steps = ((Stage.SECRECY, "jiaoyu_reviewer"), (Stage.FIRST, "jiaoyu_editor"),
             (Stage.SECOND, "jiaoyu_reviewer"), (Stage.FINAL, "jiaoyu_leader"))  # fmt: skip
    for stage, who in steps:
        entry = services.decide(
            actor=desk.actor(who), entry=entry, stage=stage, passed=True, opinion="同意",
            conclusion=CLEAR if stage is Stage.SECRECY else "", on=dt.date.today(),
        )  # fmt: skip
    return entry


def test_the_supervisor_sweeps_the_agencies_below_and_sees_each_find_masked(desk, login_as):
    entry = published_with_id(desk)
    desk.publish(desk.draft(title="一般通知", body="请各校按时报送。"))
    client = login_as("xinhua_supervisor")
    page = client.get("/publishing/privacy-sweep/").content.decode()
    assert "开始排查" in page and "排查结果" not in page  # nothing is read until asked
    page = client.get("/publishing/privacy-sweep/", {"run": "1"}).content.decode()
    assert "发现 1 处个人信息" in page and "身份证号“4104**********4569”" in page
    assert f"/publishing/{entry.pk}/" in page and ID not in page
    swept = AuditEntry.objects.get(action="catalogue.privacy_swept")
    assert swept.changes["finds"] == 1 and swept.changes["entries"] == 2


def test_a_clerk_of_another_agency_sees_only_its_own(desk, login_as):
    published_with_id(desk)
    page = login_as("caizheng_clerk").get("/publishing/privacy-sweep/", {"run": "1"})
    assert "发现 0 处个人信息" in page.content.decode()
