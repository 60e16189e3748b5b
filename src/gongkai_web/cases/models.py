"""Applications for disclosure (依申请公开) and everything filed with them.

The state, the outcome row and the Art. 31 receipt and closing dates are plain indexed columns:
table 三 is two GROUP BY queries over them (selectors.table3).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gongkai.cases.counting import COLUMN_LABELS, ReviewKind, ReviewResult
from gongkai.cases.outcomes import Disposition
from gongkai.cases.states import STATE_LABELS, Action, CaseState
from gongkai.documents.gbt9704 import LetterFormat
from gongkai.report.format2021 import OUTCOME_KEYS, t3_row_description
from gongkai.workflow.tables.review_case import ReviewCaseState
from gongkai_web.privacy.fields import EncryptedTextField, blind_index
from gongkai_web.workflow.models import Event

STATE_CHOICES = [(s.value, STATE_LABELS[s]) for s in CaseState]
COLUMN_CHOICES = [(c.value, label) for c, label in COLUMN_LABELS.items()]
DISPOSITION_CHOICES = [(d.value, d.label) for d in Disposition]
ROW_CHOICES = [(key, t3_row_description(key)) for key in OUTCOME_KEYS]
ACTION_CHOICES = [(a.value, a.label) for a in Action] + [
    ("submit", "提交申请"),
    ("register", "登记"),
    ("deliver", "送达"),
    ("fee_notice", "发出收费通知"),
    ("fee_paid", "缴费"),
    ("fee_waived", "减免信息处理费"),
    ("letter", "生成文书"),
    ("urge", "催办"),
    ("published_match", "发现已主动公开的信息"),
]


class Channel(models.TextChoices):
    ONLINE = "online", "网上申请"
    IN_PERSON = "in_person", "当面提交"
    POST_SIGNED = "post_signed", "邮寄（需签收）"
    POST_ORDINARY = "post_ordinary", "平信邮寄"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    API = "api", "政务服务平台转入"
    HOTLINE = "hotline", "来自12345"


# Art. 31, by channel: what the receipt date is.
RECEIPT_RULES = {
    Channel.ONLINE: "双方确认之日（网上提交之日）",
    Channel.IN_PERSON: "申请人提交之日",
    Channel.POST_SIGNED: "本机关签收之日",
    Channel.POST_ORDINARY: "与申请人确认之日",
    Channel.FAX: "双方确认之日",
    Channel.EMAIL: "双方确认之日",
    Channel.API: "双方确认之日（平台转入之日）",
    Channel.HOTLINE: "12345热线将工单转交本机关之日（不是热线受理来电之日）",
}


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    OTHER = "other", "其他身份证件"
    CREDIT_CODE = "credit_code", "统一社会信用代码"


class ProvisionForm(models.TextChoices):
    PAPER = "paper", "纸质"
    EMAIL = "email", "电子邮件"
    DISC = "disc", "光盘"
    ONSITE = "onsite", "当场查阅、抄录"


class Delivery(models.TextChoices):
    COLLECT = "collect", "自行领取"
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "网上获取"


class DeliveryChannel(models.TextChoices):
    """How a letter reached the applicant (送达), recorded with its proof."""

    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    IN_PERSON = "in_person", "当面签收"
    ONLINE = "online", "网上获取"


class FeeMethod(models.TextChoices):
    PER_APPLICATION = "per_application", "按件计收"
    PER_PAGE = "per_page", "按量计收"


def applicant_key(id_number: str) -> str:
    """Who the applicant is, for counting their applications (按件计收): a blind index of the
    ID number, so that equal numbers are found without decrypting every row. Empty when the
    number is masked (a ledger imported with ``*``) and so names nobody for sure."""
    number = "".join(id_number.split()).upper()
    if not number or "*" in number:
        return ""
    return blind_index(Application, "id_number", number)


class Application(models.Model):
    agency = models.ForeignKey(
        "organizations.Agency", verbose_name="受理机关", on_delete=models.PROTECT, related_name="+"
    )
    tracking_number = models.CharField("查询码", max_length=24, unique=True)
    channel = models.CharField("申请渠道", max_length=16, choices=Channel.choices)
    received_on = models.DateField("收到申请日期", db_index=True)
    submitted_at = models.DateTimeField("提交时间")

    applicant_column = models.CharField(
        "申请人类型", max_length=20, choices=COLUMN_CHOICES, db_index=True
    )
    applicant_name = models.CharField("申请人姓名/名称", max_length=120)
    id_type = models.CharField("证件类型", max_length=16, choices=IdType.choices)
    id_number = EncryptedTextField("证件号码")
    applicant_key = models.CharField(max_length=64, blank=True, editable=False)
    legal_representative = models.CharField("法定代表人/负责人", max_length=60, blank=True)
    phone = EncryptedTextField("联系电话")
    address = EncryptedTextField("通信地址", blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    email = models.EmailField("电子邮箱", blank=True)

    description = models.TextField("所需信息的内容描述")
    document_number = models.CharField("文件名称或文号", max_length=200, blank=True)
    purpose = models.CharField("用途（选填）", max_length=200, blank=True)
    provision_form = models.CharField("提供形式", max_length=16, choices=ProvisionForm.choices)
    delivery = models.CharField("获取方式", max_length=16, choices=Delivery.choices)

    state = models.CharField(
        "状态", max_length=24, choices=STATE_CHOICES, default=CaseState.REGISTERED.value
    )
    handling_unit = models.ForeignKey(
        "organizations.Agency",
        verbose_name="承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_for = models.BooleanField("已签收", default=False)

    correction_requested_on = models.DateField("补正告知日期", null=True, blank=True)
    correction_deadline = models.DateField("补正期限", null=True, blank=True)
    correction_items = models.TextField("需补正的事项", blank=True)
    corrected_on = models.DateField("收到补正日期", null=True, blank=True)

    extended = models.BooleanField("已延期", default=False)
    extended_on = models.DateField("批准延期日期", null=True, blank=True)
    extension_reason = models.TextField("延期理由", blank=True)

    disposition = models.CharField(
        "答复类型", max_length=24, choices=DISPOSITION_CHOICES, blank=True
    )
    outcome_row = models.CharField("办理结果", max_length=16, choices=ROW_CHOICES, blank=True)
    outcome_reason = models.TextField("理由", blank=True)
    withheld_parts = models.TextField("不予公开的部分", blank=True)
    # [{"part": "投标人报价明细", "ground": "trade_secret"}, …]: gongkai.cases.grounds.Ground values
    withheld_grounds = models.JSONField("不予公开的部分及理由", default=list, blank=True)
    provision_note = models.TextField("提供方式说明", blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply_number = models.CharField("答复文号", max_length=60, blank=True)
    closed_on = models.DateField("答复（办结）日期", null=True, blank=True, db_index=True)

    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivery_channel = models.CharField(
        "送达方式", max_length=16, choices=DeliveryChannel.choices, blank=True
    )
    delivery_proof = models.CharField("送达凭证", max_length=200, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)

    fee_method = models.CharField("收费方式", max_length=16, choices=FeeMethod.choices, blank=True)
    fee_quantity = models.PositiveIntegerField("计费数量", null=True, blank=True)
    fee_amount = models.PositiveIntegerField("收费金额（元）", null=True, blank=True)
    fee_notice_received_on = models.DateField("收费通知送达日期", null=True, blank=True)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)
    fee_receipt_number = models.CharField("缴费票据号", max_length=60, blank=True)
    fee_waived_on = models.DateField("减免信息处理费日期", null=True, blank=True)
    fee_waiver_reason = models.TextField("减免理由", blank=True)

    # The hidden per-render token of the form that filed it (public form, clerk's form): a
    # second post of the same form finds this application instead of filing another one.
    submission_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Set in the transaction that files the application, cleared in the one that stores its
    # receipt: the outbox of the receipt task. The sweep (intake.render_owed_receipts) renders
    # what a lost task, a killed worker or an unreachable queue left owed.
    receipt_owed = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ("-received_on", "-pk")
        constraints = (
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~models.Q(submission_key=""),
                name="cases_application_submission_key",
            ),
        )
        indexes = (
            models.Index(fields=["agency", "received_on"], name="cases_agency_received"),
            models.Index(fields=["agency", "closed_on"], name="cases_agency_closed"),
            models.Index(fields=["agency", "state"], name="cases_agency_state"),
            models.Index(
                fields=["agency", "applicant_key", "received_on"], name="cases_applicant_month"
            ),
            # Only the few applications still owed a receipt are in it: the sweep's query
            # stays cheap however many applications there are.
            models.Index(
                fields=["submitted_at"],
                condition=models.Q(receipt_owed=True),
                name="cases_receipt_owed",
            ),
        )

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.applicant_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Derived here so that every way in (the form, the API, a ledger import) keeps it.
        self.applicant_key = applicant_key(self.id_number or "")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "id_number" in update_fields:
            kwargs["update_fields"] = {*update_fields, "applicant_key"}
        super().save(*args, **kwargs)

    @property
    def case_state(self) -> CaseState:
        return CaseState(self.state)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.case_state]


class Consultation(models.Model):
    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", "征求第三方意见"
        OTHER_AGENCY = "other_agency", "征求其他机关意见"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    party = models.CharField("征求意见对象", max_length=120)
    started_on = models.DateField("发出日期")
    ended_on = models.DateField("收到意见日期", null=True, blank=True)
    opinion = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ("started_on", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.party}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        ID_SCAN = "id_scan", "身份证明"
        POWER_OF_ATTORNEY = "power_of_attorney", "授权委托书"
        PAPER_SCAN = "paper_scan", "纸质申请扫描件"
        MATERIAL = "material", "提供的信息"
        DELIVERY_PROOF = "delivery_proof", "送达凭证"
        OTHER = "other", "其他"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    file = models.ForeignKey("operations.StoredFile", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.file.name}"


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", "申请接收回执"
    CORRECTION = "correction", "补正告知书"
    EXTENSION = "extension", "延期答复告知书"
    CONSULTATION = "consultation", "征求第三方意见书"
    FEE = "fee", "收费通知书"
    REPLY = "reply", "答复书"
    CLOSURE = "closure", "终止办理告知书"  # no correction, fee unpaid, withdrawal confirmed


# The closures that end a case with a letter, by the disposition they record.
CLOSURE_DISPOSITIONS = (Disposition.NO_CORRECTION, Disposition.FEE_UNPAID, Disposition.OTHER)


class Letter(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("文书", max_length=16, choices=LetterKind.choices)
    title = models.CharField("标题", max_length=120)
    number = models.CharField("文号", max_length=60, blank=True)
    file = models.ForeignKey("operations.StoredFile", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("生成时间")

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ("created_at", "pk")
        constraints = (
            # Two task workers rendering the same receipt cannot both store it.
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(kind="receipt"),
                name="cases_one_receipt_per_application",
            ),
        )

    def __str__(self) -> str:
        return f"{self.title} {self.number}"


class LetterCounter(models.Model):
    """The last number given per agency, prefix and year; locked while numbering."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    prefix = models.CharField(max_length=40)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "prefix", "year"], name="cases_letter_counter_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.last}"


class LetterTemplate(models.Model):
    """An administrator's wording of a letter kind; the built-in wording applies otherwise.

    Replies and closing letters are worded per outcome (``disposition``); a reply template
    without one is the agency's wording for every outcome that has none of its own. The body
    is a Django template: one paragraph per line; the fields it may use are listed in
    letters.CONTEXT_HELP.
    """

    kind = models.CharField("文书", max_length=16, choices=LetterKind.choices)
    disposition = models.CharField(
        "答复类型",
        max_length=24,
        choices=DISPOSITION_CHOICES,
        blank=True,
        help_text="答复书、终止办理告知书可按答复类型分别设置；答复书留空则用于未单独设置的答复类型",
    )
    title = models.CharField("标题", max_length=120)
    body = models.TextField("正文模板")

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = (
            models.UniqueConstraint(
                fields=["kind", "disposition"],
                name="cases_letter_template_kind_disposition",
                violation_error_message="这种文书和答复类型已有模板，请在列表中打开原有模板修改",
            ),
        )

    def __str__(self) -> str:
        if self.disposition:
            return f"{self.get_kind_display()}（{self.get_disposition_display()}）"
        return self.get_kind_display()

    def clean(self) -> None:
        closures = [d.value for d in CLOSURE_DISPOSITIONS]
        if self.kind == LetterKind.CLOSURE and self.disposition not in closures:
            names = "、".join(Disposition(d).label for d in closures)
            raise ValidationError({"disposition": f"终止办理告知书须选择答复类型：{names}"})
        if self.kind == LetterKind.REPLY and self.disposition in closures[:2]:
            raise ValidationError(
                {"disposition": "逾期未补正、逾期未缴费不作答复，请改选文书“终止办理告知书”"}
            )
        if self.kind not in (LetterKind.REPLY, LetterKind.CLOSURE) and self.disposition:
            raise ValidationError(
                {"disposition": "只有答复书和终止办理告知书按答复类型设置，本文书请留空"}
            )


class CaseSettings(models.Model):
    """Per agency: the letter-number prefix and the remedies named in letters."""

    agency = models.OneToOneField(
        "organizations.Agency", on_delete=models.CASCADE, related_name="case_settings"
    )
    letter_prefix = models.CharField("文号前缀", max_length=20, help_text="如“新教公”")
    reconsideration_body = models.CharField(
        "行政复议机关",
        max_length=120,
        blank=True,
        help_text="留空则按机关层级确定（部门→本级人民政府；人民政府→上一级人民政府）。"
        "海关、金融、外汇管理等垂直领导的机关及税务、国家安全机关填写上一级主管部门全称"
        "（行政复议法第二十七条）",
    )
    reconsideration_days = models.PositiveIntegerField("申请行政复议期限（日）", default=60)
    court = models.CharField(
        "管辖法院",
        max_length=120,
        blank=True,
        help_text="可以直接起诉的答复书写明的人民法院全称，如“平顶山市新华区人民法院”；"
        "未填写时答复书不能签发",
    )
    litigation_months = models.PositiveIntegerField("提起行政诉讼期限（月）", default=6)
    letter_format = models.CharField(
        "文书格式",
        max_length=16,
        choices=[(f.value, f.label) for f in LetterFormat],
        default=LetterFormat.HEADED.value,
        help_text="信函格式：首页印发文机关标志和红色双线，发文字号居右"
        "（GB/T 9704-2012 第10.1条）；无版头：标题冠以本机关名称",
    )
    sealed = models.BooleanField(
        "加盖印章",
        default=True,
        help_text="加盖印章的文书成文日期右空四字、署名居中于日期之上；"
        "不加盖印章的署名右空二字（GB/T 9704-2012 第7.3.5条）",
    )
    reply_copy_to = models.CharField(
        "答复书抄送",
        max_length=200,
        blank=True,
        help_text="答复书和终止办理告知书版记中的抄送机关，多个用顿号或逗号分隔，如“新华区人民政府办公室”；"
        "征求过意见的第三方由系统自动列入答复书的抄送（条例第三十二条）",
    )
    printer = models.CharField(
        "印发机关",
        max_length=120,
        blank=True,
        help_text="无版头格式的文书在版记中写明印发机关和印发日期（GB/T 9704-2012 第7.4.3条）；"
        "留空则为“本机关名称＋办公室”。信函格式不印印发机关（第10.1条）",
    )
    fee_payment = models.TextField(
        "信息处理费缴纳方式",
        blank=True,
        help_text="收费通知书写明的缴费方式，如“持本通知书到××非税收入收缴窗口缴纳，"
        "或者通过××平台在线缴纳（执收单位编码：××）”；未填写时不能发出收费通知",
    )

    class Meta:
        verbose_name = "依申请公开设置"
        verbose_name_plural = "依申请公开设置"

    def __str__(self) -> str:
        return str(self.agency)


class CaseEvent(models.Model):
    """The case's own history, as the clerk reads it (the audit log holds the same facts)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=24, choices=ACTION_CHOICES)
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24, blank=True)
    on = models.DateField("日期")
    at = models.DateTimeField("记录时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.application_id} {self.action}"


class ReviewCase(models.Model):
    """A 行政复议 or 行政诉讼 arising from an application (table 四).

    Its status follows gongkai.workflow.tables.review_case: pending until its result is
    entered, decided after; a wrong result is corrected (更正) with a reason, which returns
    the case to pending until the right result is entered (ReviewCaseEvent keeps both)."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    kind = models.CharField("类型", max_length=32, choices=[(k.value, k.label) for k in ReviewKind])
    filed_on = models.DateField("立案（申请）日期")
    result = models.CharField(
        "结果",
        max_length=16,
        choices=[(r.value, r.label) for r in ReviewResult],
        default=ReviewResult.PENDING.value,
    )
    decided_on = models.DateField("审结日期", null=True, blank=True)
    case_number = models.CharField("案号", max_length=80, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=ReviewCaseState.choices(),
        default=ReviewCaseState.PENDING.value,
    )  # fmt: skip

    class Meta:
        verbose_name = "行政复议、行政诉讼"
        verbose_name_plural = "行政复议、行政诉讼"
        ordering = ("-filed_on",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number}"


class ReviewCaseEvent(Event):
    """A move of a 行政复议/诉讼 case: its result entered, or corrected with the reason."""

    record = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = "行政复议、行政诉讼登记记录"
        verbose_name_plural = "行政复议、行政诉讼登记记录"


class ApiClient(models.Model):
    """An upstream system (政务服务 portal) allowed to hand applications over."""

    name = models.CharField("系统名称", max_length=120, unique=True)
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "接口客户端"
        verbose_name_plural = "接口客户端"

    def __str__(self) -> str:
        return self.name


# The intake's records (hand-offs, 12345 tickets, matches found at /apply/) live in their own
# module; imported here so that Django finds them (and re-exported: `X as X`).
from gongkai_web.cases.intake_models import Handoff as Handoff  # noqa: E402
from gongkai_web.cases.intake_models import HotlineTicket as HotlineTicket  # noqa: E402
from gongkai_web.cases.intake_models import PublishedMatch as PublishedMatch  # noqa: E402
