"""The ledger (台账) as XLSX: export in the columns clerks keep, and import of an existing
ledger — every row checked first, each error named by row and column, nothing written unless
every row is right.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from openpyxl import load_workbook

from gongkai import archives
from gongkai.cases.outcomes import disposition_for_row
from gongkai.cases.states import Action
from gongkai.documents.ledger import Ledger, ledger_xlsx
from gongkai.identity import mask_resident_id
from gongkai.report.format2021 import OUTCOME_KEYS, T3_OUTCOME_GROUPS, t3_row_description
from gongkai.sheets import restore
from gongkai.workflow.lifecycle import Refused
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.cases import services
from gongkai_web.cases.models import (
    COLUMN_CHOICES,
    Application,
    CaseEvent,
    Channel,
    Delivery,
    IdType,
    ProvisionForm,
)
from gongkai_web.cases.workflow import APPLICATION_KIND
from gongkai_web.organizations.models import Agency
from gongkai_web.workflow import services as workflow
from gongkai_web.workflow.kinds import Inputs

COLUMNS = (
    "查询码",
    "收到日期",
    "申请渠道",
    "申请人类型",
    "申请人",
    "证件类型",
    "证件号码",
    "联系电话",
    "申请内容",
    "提供形式",
    "获取方式",
    "状态",
    "办理结果",
    "答复日期",
    "答复文号",
    "送达日期",
)
REQUIRED = (
    "收到日期",
    "申请渠道",
    "申请人类型",
    "申请人",
    "证件类型",
    "证件号码",
    "联系电话",
    "申请内容",
)


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def export(applications: Iterable[Application], title: str = "依申请公开台账") -> bytes:
    rows = (
        [
            a.tracking_number,
            _date(a.received_on),
            a.get_channel_display(),
            a.get_applicant_column_display(),
            a.applicant_name,
            a.get_id_type_display(),
            mask_resident_id(a.id_number) if a.id_type == IdType.RESIDENT_ID else a.id_number,
            a.phone,
            a.description,
            a.get_provision_form_display(),
            a.get_delivery_display(),
            a.state_label,
            t3_row_description(a.outcome_row) if a.outcome_row else "",
            _date(a.closed_on),
            a.reply_number,
            _date(a.delivered_on),
        ]
        for a in applications
    )
    dates = frozenset(COLUMNS.index(c) for c in ("收到日期", "答复日期", "送达日期"))
    sheet = Ledger("依申请公开台账", title, COLUMNS, rows, centred=dates)
    return ledger_xlsx([sheet], day=clock.today())


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number, as the clerk sees it
    column: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行“{self.column}”：{self.message}"


class LedgerImportError(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        self.message = f"台账有 {len(errors)} 处错误，未导入任何记录；请改正后重新导入"
        super().__init__(self.message)


def _lookup(choices: Iterable[tuple[str, str]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for value, label in choices:
        table[value] = value
        table[str(label)] = value
    return table


CHANNELS = _lookup(Channel.choices)
APPLICANT_TYPES = _lookup(COLUMN_CHOICES)
ID_TYPES = _lookup(IdType.choices)
FORMS = _lookup(ProvisionForm.choices)
DELIVERIES = _lookup(Delivery.choices)
# A row by its key, its full name (（三）不予公开4.保护第三方合法权益) or, as ledgers often
# write it, the sub-row's own label (4.保护第三方合法权益): those are all distinct.
ROWS = (
    {key: key for key in OUTCOME_KEYS}
    | {label: key for _, rows in T3_OUTCOME_GROUPS for key, label in rows}
    | {t3_row_description(k): k for k in OUTCOME_KEYS}
)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # A ledger exported here and read back: the apostrophe that kept a formula out goes.
    return str(restore(value)).strip()


@dataclass(frozen=True)
class Parsed:
    row: int
    applicant: services.ApplicantData
    channel: str
    received: dt.date
    outcome_row: str
    closed: dt.date | None
    reply_number: str


def parse(data: bytes, today: dt.date) -> list[Parsed]:
    refused = archives.refusal(data, archives.TABLE)
    if refused:
        raise LedgerImportError([RowError(1, "文件", refused)])
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not XLSX
        raise LedgerImportError(
            [RowError(1, "文件", "无法读取，请上传 .xlsx 格式的台账")]
        ) from None
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        raise LedgerImportError([RowError(1, "文件", "台账是空的")])
    # gongkai's own export puts a title row above the header (a printed ledger needs one);
    # other ledgers start with the header. The header is the first row naming two columns.
    first = next(
        (i for i, row in enumerate(rows[:5]) if sum(_text(v) in COLUMNS for v in row) >= 2), 0
    )
    header = [_text(h) for h in rows[first]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise LedgerImportError([RowError(1, name, "缺少这一列") for name in missing])
    at = {name: header.index(name) for name in COLUMNS if name in header}
    errors: list[RowError] = []
    parsed: list[Parsed] = []
    for number, values in enumerate(rows[first + 1 :], start=first + 2):
        cells = {name: _text(values[i]) if i < len(values) else "" for name, i in at.items()}
        if not any(cells.values()):
            continue
        result = _parse_row(number, cells, today, errors)
        if result is not None:
            parsed.append(result)
    if errors:
        raise LedgerImportError(errors)
    if not parsed:
        raise LedgerImportError([RowError(2, "文件", "台账中没有申请记录")])
    return parsed


def _parse_row(
    number: int, cells: dict[str, str], today: dt.date, errors: list[RowError]
) -> Parsed | None:
    before = len(errors)

    def pick(column: str, table: dict[str, str], default: str = "") -> str:
        raw = cells.get(column, "")
        if not raw and default:
            return default
        if raw not in table:
            allowed = "、".join(sorted({k for k in table if not k.isascii()}))
            errors.append(RowError(number, column, f"“{raw}”不是可选值（{allowed}）"))
            return ""
        return table[raw]

    def day(column: str, required: bool) -> dt.date | None:
        raw = cells.get(column, "")
        if not raw:
            if required:
                errors.append(RowError(number, column, "不能为空"))
            return None
        try:
            value = dt.date.fromisoformat(raw[:10])
        except ValueError:
            errors.append(RowError(number, column, f"“{raw}”不是日期，请写成 YYYY-MM-DD"))
            return None
        if value > today:
            errors.append(RowError(number, column, "不能晚于今天"))
        return value

    for name in REQUIRED:
        if not cells.get(name) and name not in ("收到日期",):
            errors.append(RowError(number, name, "不能为空"))
    received = day("收到日期", True)
    channel = pick("申请渠道", CHANNELS)
    column = pick("申请人类型", APPLICANT_TYPES)
    id_type = pick("证件类型", ID_TYPES)
    form = pick("提供形式", FORMS, "paper")
    delivery = pick("获取方式", DELIVERIES, "collect")
    closed = day("答复日期", False)
    outcome = ""
    if cells.get("办理结果"):
        outcome = pick("办理结果", ROWS)
    if bool(outcome) != (closed is not None) and len(errors) == before:
        errors.append(RowError(number, "办理结果", "办理结果与答复日期须同时填写或同时为空"))
    if closed and received and closed < received:
        errors.append(RowError(number, "答复日期", "早于收到日期"))
    applicant = services.ApplicantData(
        column=column,
        name=cells.get("申请人", ""),
        id_type=id_type,
        id_number=cells.get("证件号码", ""),
        phone=cells.get("联系电话", ""),
        description=cells.get("申请内容", ""),
        provision_form=form,
        delivery=delivery,
        legal_representative=cells.get("申请人", "") if column != "natural_person" else "",
        address="（台账导入）" if delivery == "post" else "",
        email="ledger@invalid.example" if "email" in (form, delivery) else "",
    )
    if len(errors) == before:
        try:
            applicant = services.clean_applicant(applicant)
        except services.CaseError as error:
            errors.append(RowError(number, "申请人", error.message))
    if len(errors) > before or received is None:
        return None
    return Parsed(number, applicant, channel, received, outcome, closed, cells.get("答复文号", ""))


@transaction.atomic
def import_ledger(*, actor: audit.Actor, agency: Agency, data: bytes, today: dt.date) -> int:
    return save(actor=actor, agency=agency, parsed=parse(data, today))


@transaction.atomic
def save(*, actor: audit.Actor, agency: Agency, parsed: list[Parsed]) -> int:
    """File checked ledger rows as applications: each registered on its date, and the closed
    ones, answered outside this system, entered archived with their outcome through the
    table's import move (台账导入（系统外已办结）)."""
    now = clock.now()
    closed: list[tuple[Application, Parsed]] = []
    registered: list[CaseEvent] = []
    changes: list[audit.Change] = []
    for item in parsed:
        a = item.applicant
        application = Application.objects.create(
            agency=agency,
            tracking_number=services.new_tracking_number(item.received),
            channel=item.channel,
            received_on=item.received,
            submitted_at=now,
            applicant_column=a.column,
            applicant_name=a.name.strip(),
            id_type=a.id_type,
            id_number=a.id_number,
            legal_representative=a.legal_representative,
            phone=a.phone,
            address=a.address,
            email=a.email,
            description=a.description.strip(),
            provision_form=a.provision_form,
            delivery=a.delivery,
            disposition=disposition_for_row(item.outcome_row).value if item.outcome_row else "",
            outcome_row=item.outcome_row,
            closed_on=item.closed,
            reply_number=item.reply_number,
        )
        registered.append(
            CaseEvent(
                application=application, action="register", to_state=application.state,
                on=item.received, at=now, actor=actor.user, note=f"台账导入（第 {item.row} 行）",
            )
        )  # fmt: skip
        changes.append(
            audit.Change(
                "case.imported", application, agency=agency,
                changes={
                    "row": item.row, "received_on": item.received, "outcome_row": item.outcome_row,
                },
            )
        )  # fmt: skip
        if item.closed:
            closed.append((application, item))
    # The register events and audit rows in bulk: one statement each, the chain moved once.
    CaseEvent.objects.bulk_create(registered)
    audit.record_many(actor=actor, entries=changes, at=now)
    try:
        workflow.enter(
            APPLICATION_KIND,
            [application for application, _ in closed],
            Action.IMPORT,
            actor=actor,
            inputs=[
                Inputs(
                    note=f"台账导入（第 {item.row} 行）",
                    data={"row": item.row, "outcome_row": item.outcome_row},
                    on=item.closed,
                )
                for _, item in closed
            ],
        )
    except Refused as refused:
        raise LedgerImportError([RowError(closed[0][1].row, "文件", refused.message)]) from None
    return len(parsed)
