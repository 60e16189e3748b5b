from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.publishing.index_number import DEFAULT_TEMPLATE
from gongkai.publishing.timeliness import LimitUnit, TimeLimit
from gongkai.workflow.tables.catalogue import EntryState
from gongkai_web.workflow.models import Event

# The lifecycle is gongkai.workflow.tables.catalogue's table; the status column holds its
# states. A published entry keeps its 索引号 for ever, even when withdrawn.
Status = EntryState


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class Disclosure(models.TextChoices):
    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class DocKind(models.TextChoices):
    REGULATION = "regulation", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER = "other", "其他"


class PublishingSettings(models.Model):
    agency = models.OneToOneField(
        "organizations.Agency", on_delete=models.CASCADE, related_name="publishing_settings"
    )
    index_template = models.CharField("索引号模板", max_length=120, default=DEFAULT_TEMPLATE)

    class Meta:
        verbose_name = "主动公开设置"
        verbose_name_plural = "主动公开设置"

    def __str__(self) -> str:
        return f"{self.agency} 主动公开设置"


class IndexCounter(models.Model):
    """The last serial handed out per agency and year; locked while a number is taken."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("agency", "year"), name="index_counter_once"),
        )

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last_serial}"


class Category(models.Model):
    """A node of the agency's 目录分类 tree."""

    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, related_name="categories"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name = models.CharField("名称", max_length=60)
    position = models.PositiveSmallIntegerField("排序", default=0)
    description = models.CharField("说明", max_length=200, blank=True)
    # How soon its items must be published after they are made or changed (Art. 26 unless set).
    limit_days = models.PositiveSmallIntegerField("公开时限", default=20)
    limit_unit = models.CharField(
        "时限单位", max_length=16, choices=LimitUnit.choices(), default=LimitUnit.WORKING.value
    )
    limit_basis = models.CharField("时限依据", max_length=100, blank=True)

    class Meta:
        verbose_name = "目录分类"
        verbose_name_plural = "目录分类"
        ordering = ("position", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=("agency", "parent", "name"), name="category_unique_name"
            ),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def time_limit(self) -> TimeLimit:
        return TimeLimit(self.limit_days, LimitUnit(self.limit_unit), self.limit_basis)


class Entry(models.Model):
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="catalogue_entries",
    )
    index_number = models.CharField("索引号", max_length=80, unique=True, null=True, blank=True)
    title = models.CharField("名称", max_length=300)
    publisher = models.CharField("发布机构", max_length=200)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    formed_on = models.DateField("形成或变更日期", help_text="用于第二十六条 20 个工作日的检查")
    published_on = models.DateField("发布日期", null=True, blank=True)
    validity = models.CharField(
        "有效性", max_length=16, choices=Validity.choices, default=Validity.VALID
    )
    effective_on = models.DateField("生效日期", null=True, blank=True)
    ended_on = models.DateField("失效或废止日期", null=True, blank=True)
    topic = models.CharField("主题分类", max_length=100, blank=True)
    genre = models.CharField("体裁分类", max_length=40, blank=True)
    category = models.ForeignKey(
        Category, verbose_name="目录分类", on_delete=models.PROTECT, related_name="entries"
    )
    keywords = models.CharField("关键词", max_length=200, blank=True)
    summary = models.TextField("内容概述", blank=True)
    disclosure = models.CharField(
        "公开方式", max_length=16, choices=Disclosure.choices, default=Disclosure.PROACTIVE
    )
    withheld_reason = models.CharField("不主动公开的理由", max_length=300, blank=True)
    reassess_on = models.DateField("下次复核日期", null=True, blank=True)
    body = models.TextField("正文", blank=True)
    doc_kind = models.CharField(
        "文件类型", max_length=16, choices=DocKind.choices, default=DocKind.OTHER
    )
    issued_on = models.DateField("印发日期", null=True, blank=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    # 解读: this entry interprets that policy document (三同步, published together).
    interprets = models.ForeignKey(
        "self", verbose_name="所解读的文件", null=True, blank=True, on_delete=models.PROTECT,
        related_name="interpretations",
    )  # fmt: skip
    no_interpretation_reason = models.CharField("无需解读的理由", max_length=300, blank=True)
    status = models.CharField(
        "状态", max_length=16, choices=EntryState.choices(), default=EntryState.DRAFT.value
    )
    review_round = models.PositiveSmallIntegerField("审核轮次", default=0)
    late = models.BooleanField("超过二十个工作日公开", default=False)
    late_note = models.CharField("时限说明", max_length=200, blank=True)
    search_title = models.TextField(default="", editable=False)
    search_body = models.TextField(default="", editable=False)
    # Filter values as index tokens (agency, year, categories, validity): see search.facets.
    search_facets = models.TextField(default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="拟稿人"
    )
    created_at = models.DateTimeField("创建时间")
    updated_at = models.DateTimeField("修改时间")

    class Meta:
        verbose_name = "目录条目"
        verbose_name_plural = "目录条目"
        # The portal's pages filter on status and 公开方式 (selectors.public()) and count their
        # entries: with both columns in the index the counts are index-only scans. Without
        # 公开方式 in it, counting an agency's 150,000 entries read every row (benchmarks.md).
        indexes = (
            models.Index(
                fields=("agency", "status", "disclosure", "category", "-published_on", "-id"),
                name="entry_public_category_page",
            ),
            models.Index(
                fields=("agency", "status", "disclosure", "-published_on", "-id"),
                name="entry_public_agency_latest",
            ),
            models.Index(fields=("status", "-published_on", "-id"), name="entry_latest"),
            models.Index(fields=("disclosure", "reassess_on"), name="entry_reassess"),
        )

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey("operations.StoredFile", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    # Read once when attached, for the 错敏词 gate of the review (None: no text layer).
    # None and "" differ: no text layer (a scan, to be read by eye) vs. a file with no words.
    text = models.TextField("文字", null=True, blank=True)  # noqa: DJ001
    text_note = models.CharField("文字读取说明", max_length=200, blank=True)
    # What was removed from the file before it was stored (authors, comments, EXIF …).
    cleaned_note = models.CharField("文档属性清除说明", max_length=300, blank=True)

    class Meta:
        ordering = ("position", "pk")

    def __str__(self) -> str:
        return str(self.file)


class EntryEvent(Event):
    """A move of the entry's lifecycle: submission, each review step, return, publication …"""

    record = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = "目录信息审核记录"
        verbose_name_plural = "目录信息审核记录"
        indexes = (models.Index(fields=("record", "round"), name="entry_event_round"),)


class SensitiveWord(models.Model):
    """A 错敏词 dictionary word; agency empty = applies to every agency."""

    agency = models.ForeignKey(
        "organizations.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    word = models.CharField("词语", max_length=100)
    kind = models.CharField("类别", max_length=16)
    suggestion = models.CharField("建议用语", max_length=100, blank=True)

    class Meta:
        verbose_name = "错敏词"
        verbose_name_plural = "错敏词"
        constraints = (
            models.UniqueConstraint(fields=("agency", "word"), name="sensitive_word_once"),
            # NULLs are distinct in the constraint above, so the shared words need their own.
            models.UniqueConstraint(
                fields=("word",),
                condition=models.Q(agency__isnull=True),
                name="sensitive_word_once_shared",
            ),
        )

    def __str__(self) -> str:
        return self.word


class DecisionKind(models.TextChoices):
    LICENSING = "licensing", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "法人或其他组织"


class DecisionRecord(models.Model):
    """One decision in the licensing, penalty or coercion register (Art. 20 (5)(6))."""

    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="机关"
    )
    kind = models.CharField("类别", max_length=16, choices=DecisionKind.choices)
    number = models.CharField("决定书文号", max_length=100)
    party = models.CharField("当事人", max_length=200)
    party_kind = models.CharField("当事人类型", max_length=16, choices=PartyKind.choices)
    decided_on = models.DateField("决定日期")
    matter = models.CharField("事项", max_length=200, blank=True)
    decision = models.CharField("决定内容", max_length=500)
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "行政决定登记"
        verbose_name_plural = "行政决定登记"
        ordering = ("-decided_on", "-pk")
        constraints = (
            models.UniqueConstraint(
                fields=("agency", "kind", "number"), name="decision_number_once"
            ),
        )
        indexes = (models.Index(fields=("agency", "kind", "decided_on")),)

    def __str__(self) -> str:
        return self.number


class FeeRecord(models.Model):
    """An administrative fee collected (Art. 20 (8)); amounts in 元, reported in 万元."""

    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="机关"
    )
    item = models.CharField("收费项目", max_length=200)
    basis = models.CharField("收费依据", max_length=300)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    collected_on = models.DateField("收费日期")
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "行政事业性收费登记"
        verbose_name_plural = "行政事业性收费登记"
        ordering = ("-collected_on", "-pk")
        indexes = (models.Index(fields=("agency", "collected_on")),)

    def __str__(self) -> str:
        return f"{self.item} {self.amount}"


class Guide(models.Model):
    """One published version of the agency's 政府信息公开指南 (Art. 12)."""

    agency = models.ForeignKey(
        "organizations.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="机关"
    )
    version = models.PositiveIntegerField("版本")
    body = models.TextField("内容")
    published_at = models.DateTimeField("发布时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("-version",)
        constraints = (
            models.UniqueConstraint(fields=("agency", "version"), name="guide_version_once"),
        )

    def __str__(self) -> str:
        return f"{self.agency} 指南 第{self.version}版"
