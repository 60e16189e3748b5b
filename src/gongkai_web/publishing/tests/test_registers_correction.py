"""A decision or fee entered wrongly is taken out of the register with a reason, to be entered
again; the audit row keeps what it said, and table 二 counts only what remains."""

import datetime as dt

from gongkai.publishing.registers import DecisionRow
from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.services import SYSTEM
from gongkai_web.publishing import selectors, services
from gongkai_web.publishing.models import DecisionRecord, FeeRecord


def register(desk):
    (decision,) = services.add_decisions(
        actor=SYSTEM, agency=desk.agency, kind="penalty",
        rows=[DecisionRow("新教罚〔2024〕9号", "张小明", "person", dt.date(2024, 3, 15),
                          "校外培训", "警告")],
    )  # fmt: skip
    fee = services.add_fee(
        actor=SYSTEM, agency=desk.agency, item="考试费", basis="某价费〔2020〕1号",
        amount="1200", collected_on=dt.date(2024, 5, 6),
    )  # fmt: skip
    return decision, fee


def url(desk):
    return f"/publishing/registers/?agency={desk.agency.pk}&year=2024"


def test_it_removes_a_wrong_decision_and_fee_with_a_reason(desk, login_as):
    decision, fee = register(desk)
    client = login_as("jiaoyu_clerk")
    assert selectors.table2_for(desk.agency, 2024).penalty == 1

    for action, pk in (("remove_decision", decision.pk), ("remove_fee", fee.pk)):
        response = client.post(
            url(desk), {"action": action, "agency": desk.agency.pk, "id": pk, "reason": "文号录错"}
        )
        assert response.status_code == 302

    assert not DecisionRecord.objects.filter(pk=decision.pk).exists()
    assert not FeeRecord.objects.filter(pk=fee.pk).exists()
    table = selectors.table2_for(desk.agency, 2024)
    assert table.penalty == 0 and table.fees == 0
    removed = AuditEntry.objects.get(action="register.penalty.removed")
    assert removed.changes["number"] == "新教罚〔2024〕9号"
    assert removed.changes["reason"] == "文号录错"
    assert AuditEntry.objects.get(action="register.fee.removed").changes["amount"] == "1200.00"


def test_it_asks_why_and_keeps_the_row_without_a_reason(desk, login_as):
    decision, _fee = register(desk)
    client = login_as("jiaoyu_clerk")
    page = client.post(
        url(desk),
        {"action": "remove_decision", "agency": desk.agency.pk, "id": decision.pk, "reason": " "},
        follow=True,
    ).content.decode()
    assert "请写明删除原因" in page
    assert DecisionRecord.objects.filter(pk=decision.pk).exists()


def test_it_refuses_someone_without_the_right_to_edit(desk, login_as):
    decision, _fee = register(desk)
    response = login_as("caizheng_clerk").post(  # another agency's clerk
        url(desk),
        {"action": "remove_decision", "agency": desk.agency.pk, "id": decision.pk, "reason": "x"},
    )
    assert response.status_code in (403, 404)
    assert DecisionRecord.objects.filter(pk=decision.pk).exists()
