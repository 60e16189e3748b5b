"""Receipt of an application: the applicant's data checked, the application filed, its receipt."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from gongkai.cases.counting import ApplicantColumn
from gongkai.identity import IdentityNumberError, validate_credit_code, validate_resident_id
from gongkai.workdays import Calendar
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.cases import published
from gongkai_web.cases.models import (
    Application,
    Attachment,
    Channel,
    HotlineTicket,
    IdType,
)
from gongkai_web.cases.services._common import (
    CaseError,
    NotPermitted,
    _event,
    locked,
)
from gongkai_web.cases.services.documents import (
    Upload,
    check_upload,
)
from gongkai_web.operations.files import store_file
from gongkai_web.organizations.models import Agency, Role
from gongkai_web.organizations.permissions import grants

# What new_submission_key makes; anything else posted as a key is ignored (no key, no guard).
SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{20,64}")


class AlreadyFiled(CaseError):
    """The form was posted before and filed this application: nothing new is filed."""

    def __init__(self, application: Application) -> None:
        self.application = application
        super().__init__(f"该申请已于此前提交，查询码 {application.tracking_number}，未重复提交")


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


def usable_key(raw: str) -> str:
    return raw if SUBMISSION_KEY.fullmatch(raw or "") else ""


def filed_with(submission_key: str) -> Application | None:
    """The application a form with this key filed, if any."""
    key = usable_key(submission_key)
    return Application.objects.filter(submission_key=key).first() if key else None


# --- receipt --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hotline:
    """The 12345 工单 an application comes in as (channel 来自12345)."""

    number: str
    called_on: dt.date  # the hotline took the call; received_on is the day it reached us


@dataclass(frozen=True)
class ApplicantData:
    column: str
    name: str
    id_type: str
    id_number: str
    phone: str
    description: str
    provision_form: str
    delivery: str
    legal_representative: str = ""
    address: str = ""
    postcode: str = ""
    email: str = ""
    document_number: str = ""
    purpose: str = ""


def clean_applicant(data: ApplicantData) -> ApplicantData:
    try:
        column = ApplicantColumn(data.column)
    except ValueError:
        raise CaseError("请选择申请人类型：自然人，或法人或其他组织中的一类") from None
    if not data.name.strip():
        raise CaseError("请填写申请人姓名或单位名称")
    number = data.id_number
    try:
        if column.is_organisation:
            if data.id_type != IdType.CREDIT_CODE:
                raise CaseError("法人或其他组织请填写统一社会信用代码")
            number = validate_credit_code(number)
            if not data.legal_representative.strip():
                raise CaseError("法人或其他组织请填写法定代表人或负责人姓名")
        elif data.id_type == IdType.RESIDENT_ID:
            number = validate_resident_id(number)
        elif data.id_type in (IdType.PASSPORT, IdType.OTHER):
            number = number.strip()
            if len(number) < 5:
                raise CaseError("请填写完整的证件号码")
        else:
            raise CaseError("自然人请选择居民身份证、护照或其他身份证件")
    except IdentityNumberError as error:
        raise CaseError(error.message) from None
    phone = "".join(ch for ch in data.phone if ch.isdigit() or ch == "-")
    if len(phone.replace("-", "")) < 7:
        raise CaseError("请填写有效的联系电话（手机或座机）")
    if len(data.description.strip()) < 4:
        raise CaseError("请描述所需政府信息的内容（名称、文号或便于查询的其他特征）")
    if data.provision_form not in {"paper", "email", "disc", "onsite"}:
        raise CaseError("请选择信息的提供形式")
    if data.delivery not in {"collect", "post", "email", "online"}:
        raise CaseError("请选择获取信息的方式")
    if data.delivery == "post" and not data.address.strip():
        raise CaseError("选择邮寄的，请填写通信地址")
    if "email" in (data.delivery, data.provision_form) and not data.email.strip():
        raise CaseError("选择电子邮件的，请填写电子邮箱")
    return ApplicantData(**{**data.__dict__, "id_number": number, "phone": phone})


def new_tracking_number(received: dt.date) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    tail = "".join(secrets.choice(alphabet) for _ in range(6))
    return f"GK{received:%Y%m%d}{tail}"


@transaction.atomic
def receive(
    *,
    actor: audit.Actor,
    agency: Agency,
    applicant: ApplicantData,
    channel: str,
    received_on: dt.date,
    today: dt.date,
    calendar: Calendar,
    uploads: Iterable[Upload] = (),
    hotline: Hotline | None = None,
    submission_key: str = "",
) -> Application:
    """File a new application (online, by API or registered by a clerk); its receipt is owed,
    and the published information matching what it asks for is recorded after the commit.

    With a ``submission_key`` (the form's hidden token) a second post of the same form raises
    AlreadyFiled with the first one's application, even when both arrive at once: the key is
    unique in the database, and the loser of the race finds the winner's row.
    """
    if channel not in Channel.values:
        raise CaseError("请选择申请渠道")
    if channel not in (Channel.ONLINE, Channel.API):
        staff = actor.user
        if staff is None or not any(
            g.role == Role.CLERK and g.agency_id == agency.pk for g in grants(staff)
        ):
            raise NotPermitted("只有本机关的登记员可以登记申请")
    if received_on > today:
        raise CaseError("收到申请日期不能晚于今天")
    calendar.require(received_on.year)
    _check_hotline(agency, channel, received_on, hotline)
    data = clean_applicant(applicant)
    checked = [(upload, check_upload(upload)) for upload in uploads]
    submission_key = usable_key(submission_key)
    earlier = filed_with(submission_key)
    if earlier is not None:
        raise AlreadyFiled(earlier)
    try:
        # A savepoint: the loser of a race on the key can still read the winner's row.
        with transaction.atomic():
            application = _create(agency, data, channel, received_on, submission_key)
    except IntegrityError:
        earlier = filed_with(submission_key)
        if earlier is None:
            raise
        raise AlreadyFiled(earlier) from None
    for upload, content_type in checked:
        stored = store_file(
            actor=actor,
            name=upload.name,
            data=upload.data,
            content_type=content_type,
            agency=agency,
        )
        Attachment.objects.create(application=application, kind=upload.kind, file=stored)
    if hotline is not None:
        HotlineTicket.objects.create(
            application=application,
            agency=agency,
            number=hotline.number.strip(),
            called_on=hotline.called_on,
        )
    _event(actor, application, "submit" if actor.user is None else "register", "", received_on)
    audit.record(
        actor=actor,
        action="case.received",
        obj=application,
        agency=agency,
        changes={
            "channel": channel,
            "received_on": received_on,
            "column": data.column,
            **({"hotline_ticket": hotline.number.strip()} if hotline else {}),
        },
    )
    # The receipt (a DOCX) is rendered after the commit by the task queue, so that the public
    # form answers quickly under load; a download before the task has run renders it at once.
    # The published information matching the request is looked up by the same queue: a few
    # catalogue searches the applicant need not wait for.
    # The application is stored as owed its receipt, so a task lost (queue unreachable, the
    # process killed between the commit and the queueing, a task worker killed mid-task) is
    # rendered by the sweep instead: robust, a queue that cannot be reached only logs.
    pk = application.pk
    transaction.on_commit(lambda: queue_receipt(pk), robust=True)
    transaction.on_commit(lambda: _queue_matches(pk), robust=True)
    return application


def _check_hotline(
    agency: Agency, channel: str, received_on: dt.date, hotline: Hotline | None
) -> None:
    if channel != Channel.HOTLINE:
        if hotline is not None:
            raise CaseError("只有渠道为“来自12345”的申请填写12345工单号")
        return
    if hotline is None or not hotline.number.strip():
        raise CaseError("来自12345的申请请填写“12345工单号”")
    if hotline.called_on > received_on:
        raise CaseError(
            "“热线受理日期”不能晚于“收到申请日期”：收到申请日期是12345将工单转交本机关之日"
        )
    earlier = (
        HotlineTicket.objects.filter(agency=agency, number=hotline.number.strip())
        .select_related("application")
        .first()
    )
    if earlier is not None:
        raise CaseError(
            f"12345工单 {earlier.number} 已登记为申请 {earlier.application.tracking_number}，"
            "不能重复登记"
        )


def _queue_matches(pk: int) -> None:
    from gongkai_web.cases.tasks import record_published_matches

    record_published_matches(pk)


@transaction.atomic
def record_matches(application: Application) -> int:
    """The published entries and registers matching the application, recorded once (the
    clerk's flag and the Art. 36(1) reply prepared on the case page); how many were found."""
    application = locked(application)
    if application.published_matches.exists():
        return 0
    matches = published.find(
        application.description, application.document_number, application.agency
    )
    published.record(application, matches)
    if matches:
        audit.record(
            actor=audit.Actor(user=None, role="system", agency=application.agency),
            action="case.published_match",
            obj=application,
            agency=application.agency,
            changes={"matches": [m.title for m in matches]},
        )
    return len(matches)


def _create(
    agency: Agency, data: ApplicantData, channel: str, received_on: dt.date, submission_key: str
) -> Application:
    return Application.objects.create(
        agency=agency,
        tracking_number=new_tracking_number(received_on),
        channel=channel,
        received_on=received_on,
        submitted_at=clock.now(),
        applicant_column=data.column,
        applicant_name=data.name.strip(),
        id_type=data.id_type,
        id_number=data.id_number,
        legal_representative=data.legal_representative.strip(),
        phone=data.phone,
        address=data.address.strip(),
        postcode=data.postcode.strip(),
        email=data.email.strip(),
        description=data.description.strip(),
        document_number=data.document_number.strip(),
        purpose=data.purpose.strip(),
        provision_form=data.provision_form,
        delivery=data.delivery,
        submission_key=submission_key,
        receipt_owed=True,
    )


def queue_receipt(pk: int) -> None:
    from gongkai_web.cases.tasks import issue_receipt

    issue_receipt(pk)
