"""The event row every move writes: one table per kind of record, all of this shape."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Event(models.Model):
    """One move of a record's lifecycle. Subclasses add ``record``, the foreign key to it.

    ``round`` counts review rounds (a new submission opens one); ``slot`` is the signature the
    move filled (初审, 三校 …), if any; ``data`` keeps what the move recorded besides its note
    (a 保密审查 conclusion, the acknowledged words, the designated person)."""

    round = models.PositiveSmallIntegerField("轮次", default=0)
    action = models.CharField("操作", max_length=32)
    from_state = models.CharField("原状态", max_length=24)
    to_state = models.CharField("新状态", max_length=24)
    slot = models.CharField("签署环节", max_length=24, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name="办理人",
    )  # fmt: skip
    actor_name = models.CharField("办理人姓名", max_length=150, blank=True)
    at = models.DateTimeField("时间")
    note = models.TextField("意见", blank=True)
    data = models.JSONField("记录", default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.action} {self.actor_name}"
