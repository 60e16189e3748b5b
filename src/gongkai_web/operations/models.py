from __future__ import annotations

from django.conf import settings
from django.db import models


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
