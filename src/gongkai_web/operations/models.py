from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.workdays import YearSchedule


class StoredFile(models.Model):
    """A file kept by gongkai (attachment, published document, generated letter) and the
    SHA-256 of its content, checked on every read."""

    name = models.CharField("文件名", max_length=255)
    storage_name = models.CharField("存储位置", max_length=255, unique=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    size = models.PositiveBigIntegerField("大小（字节）", editable=False)
    content_type = models.CharField("类型", max_length=120, blank=True)
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("保存时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="保存人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "存储文件"
        verbose_name_plural = "存储文件"

    def __str__(self) -> str:
        return self.name


class TaskFailure(models.Model):
    """A background task that raised; the system administrator sees these on one page."""

    task_name = models.CharField("任务", max_length=200)
    task_id = models.CharField("任务编号", max_length=64)
    arguments = models.TextField("参数", blank=True)
    error = models.TextField("错误")
    retries_left = models.PositiveIntegerField("剩余重试次数", default=0)
    at = models.DateTimeField("时间", db_index=True)
    resolved = models.BooleanField("已处理", default=False)

    class Meta:
        verbose_name = "后台任务失败"
        verbose_name_plural = "后台任务失败"
        ordering = ("-at",)

    def __str__(self) -> str:
        return f"{self.task_name} {self.at:%Y-%m-%d %H:%M}"

    @property
    def will_retry(self) -> bool:
        return self.retries_left > 0


class EntryMethod(models.TextChoices):
    NOTICE = "notice", "国务院办公厅通知"
    DATA_FILE = "data_file", "数据文件（JSON）"


class CalendarYear(models.Model):
    """A year's holidays and make-up working days entered by the system administrator.

    It adds a year the shipped calendar (gongkai/workdays/data/) lacks, or replaces a shipped
    one; `gongkai_web.operations.calendar_years.current_calendar` reads both.
    """

    year = models.PositiveSmallIntegerField("年份", unique=True)
    schedule = models.JSONField("节假日安排")  # YearSchedule.to_dict()
    method = models.CharField(
        "录入方式", max_length=20, choices=EntryMethod.choices, default=EntryMethod.NOTICE
    )
    source = models.CharField("来源（文号）", max_length=200, blank=True)
    notice_text = models.TextField("通知原文", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField("录入时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "节假日安排（录入）"
        verbose_name_plural = "节假日安排（录入）"
        ordering = ("year",)

    def __str__(self) -> str:
        return f"{self.year} 年节假日安排"

    def as_schedule(self) -> YearSchedule:
        return YearSchedule.from_dict(self.schedule)
