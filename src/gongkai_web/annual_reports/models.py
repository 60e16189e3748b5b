from __future__ import annotations

from django.db import models


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "审核中"
    APPROVED = "approved", "已签发"
    PUBLISHED = "published", "已公开"


# Which status may follow which; services.py refuses any other change.
TRANSITIONS: dict[str, frozenset[str]] = {
    ReportStatus.DRAFT: frozenset({ReportStatus.IN_REVIEW}),
    ReportStatus.IN_REVIEW: frozenset({ReportStatus.DRAFT, ReportStatus.APPROVED}),
    ReportStatus.APPROVED: frozenset({ReportStatus.PUBLISHED, ReportStatus.DRAFT}),
    ReportStatus.PUBLISHED: frozenset(),
}


class AnnualReport(models.Model):
    """One agency's report for one year, stored as the canonical JSON of report-json.md.

    The agency is a name for now; it becomes a foreign key to organizations.Agency once that
    app lands, keeping the name as the report's printed 机关名称.
    """

    agency_name = models.CharField("机关名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    canonical = models.JSONField("报告内容（规范 JSON）")
    status = models.CharField(
        "状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
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

    def __str__(self) -> str:
        return f"{self.agency_name} {self.year} 年度报告"
