from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.workflow.tables.annual_report import ReportState
from gongkai.workflow.tables.batch_check import BatchState
from gongkai_web.workflow.models import Event

# The lifecycles are gongkai.workflow.tables.annual_report's and batch_check's tables; the
# status columns hold their states, and every move is an event row (ReportEvent, BatchEvent).
ReportStatus = ReportState


class Source(models.TextChoices):
    GENERATED = "generated", "由记录生成"
    IMPORTED = "imported", "由已公开文件导入"
    STORED = "stored", "直接录入"


class AnnualReport(models.Model):
    """One agency's report for one year, stored as the canonical JSON of report-json.md.

    A generated report is a snapshot: ``canonical`` holds the tables as counted at ``as_of``
    (plus manual corrections), ``drilldown`` the records behind every cell, ``facts`` the
    figures the narrative quotes, ``narrative`` the text with its fact tokens unexpanded
    (see docs/decisions/annual-report-snapshot.md).
    """

    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    agency_name = models.CharField("机关名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    canonical = models.JSONField("报告内容（规范 JSON）")
    status = models.CharField(
        "状态", max_length=16, choices=ReportState.choices(), default=ReportState.DRAFT.value
    )
    review_round = models.PositiveSmallIntegerField("审核轮次", default=0)
    source = models.CharField("来源", max_length=16, choices=Source.choices, default=Source.STORED)
    as_of = models.DateTimeField("数据截止时刻", null=True, blank=True)
    drilldown = models.JSONField("数字对应的记录", default=dict, blank=True)
    facts = models.JSONField("正文引用的数字", default=dict, blank=True)
    narrative = models.JSONField("正文（含数字占位符）", default=dict, blank=True)
    notes = models.JSONField("尚无记录的说明", default=list, blank=True)
    corrections = models.JSONField("人工更正", default=list, blank=True)
    acknowledgements = models.JSONField("警告确认", default=dict, blank=True)
    errors_count = models.PositiveIntegerField("错误数", default=0)
    warnings_count = models.PositiveIntegerField("警告数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ("-year", "agency_name")
        constraints = (
            models.UniqueConstraint(
                fields=("agency_name", "year"), name="annual_report_once_a_year"
            ),
        )
        indexes = (models.Index(fields=("year", "agency"), name="annual_report_year_agency"),)

    def __str__(self) -> str:
        return f"{self.agency_name} {self.year} 年度报告"


class ReportEvent(Event):
    """A move of the report's lifecycle: submission, review, signature, publication, return …
    Who compiled, reviewed and signed the report is read from these rows."""

    record = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = "年度报告审核记录"
        verbose_name_plural = "年度报告审核记录"
        indexes = (models.Index(fields=("record", "round"), name="report_event_round"),)


class Comment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", "意见"
        SEND_BACK = "send_back", "退回修改"

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.COMMENT)
    text = models.TextField("内容")
    at = models.DateTimeField("时间")

    class Meta:
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.report} · {self.get_kind_display()}"


class BatchCheck(models.Model):
    """A supervisor's upload of published reports (files or a zip) to be checked."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间")
    status = models.CharField(
        "状态", max_length=16, choices=BatchState.choices(), default=BatchState.QUEUED.value
    )
    upload = models.ForeignKey("operations.StoredFile", on_delete=models.PROTECT, related_name="+")
    upload_name = models.CharField("文件名", max_length=255)

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.upload_name}（{self.get_status_display()}）"


class BatchEvent(Event):
    """A move of a batch check: started, finished, failed (with the reason), queued again."""

    record = models.ForeignKey(BatchCheck, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = "批量检查记录"
        verbose_name_plural = "批量检查记录"


class CheckedFile(models.Model):
    batch = models.ForeignKey(BatchCheck, on_delete=models.CASCADE, related_name="files")
    name = models.CharField("文件名", max_length=255)
    format = models.CharField("格式", max_length=16)
    agency_name = models.CharField("机关名称", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    report = models.JSONField("读出的报告", null=True, blank=True)
    findings = models.JSONField("发现的问题", default=list)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.name


class Verdict(models.TextChoices):
    CONFIRMED = "confirmed", "确认"
    DISMISSED = "dismissed", "排除"


class FindingReview(models.Model):
    checked = models.ForeignKey(CheckedFile, on_delete=models.CASCADE, related_name="reviews")
    index = models.PositiveIntegerField("问题序号")
    verdict = models.CharField("结论", max_length=16, choices=Verdict.choices)
    note = models.CharField("说明", max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("checked", "index"), name="finding_review_once"),
        )

    def __str__(self) -> str:
        return f"{self.checked} #{self.index} {self.get_verdict_display()}"
