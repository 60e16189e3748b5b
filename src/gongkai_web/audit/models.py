from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.audit_chain import GENESIS_HASH


class AuditEntry(models.Model):
    """One write (or one sensitive read), in the SM3 chain.

    Names (actor, agency) are copied beside the foreign keys so the entry keeps saying who
    and where after an account or agency is renamed or removed; the hash covers the copies.
    """

    seq = models.PositiveBigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("操作人账号", max_length=150, blank=True)
    role = models.CharField("角色", max_length=16, blank=True)
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agency_name = models.CharField("机关名称", max_length=120, blank=True)
    action = models.CharField("操作", max_length=80, db_index=True)
    object_type = models.CharField("对象类型", max_length=80, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    address = models.CharField("来源地址", max_length=64, blank=True)
    prev_hash = models.CharField("前一条哈希", max_length=64)
    hash = models.CharField("SM3 哈希", max_length=64)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ("-seq",)

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    @property
    def role_label(self) -> str:
        from gongkai_web.organizations.models import Role

        return Role(self.role).label if self.role in Role.values else self.role


class ChainHead(models.Model):
    """The newest entry's sequence number and hash, one row, locked by every writer.

    Locking this row (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers itself)
    keeps the chain linear, and comparing it with the log's last row reveals a deleted tail.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash}"
