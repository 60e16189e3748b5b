"""What intake records beside an application: the published information found while the
applicant typed, the 12345 ticket it came from, and its hand-off to 信访, 投诉/举报 or 12345."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.cases.routing import Route

ROUTE_CHOICES = [(r.value, r.label) for r in Route]


class PublishedMatch(models.Model):
    """A catalogue entry or register that was public when the application was filed and
    matched what it asks for: the clerk is shown it, with an Art. 36(1) reply to choose."""

    class Kind(models.TextChoices):
        ENTRY = "entry", "主动公开目录"
        REGISTER = "register", "公示栏"

    application = models.ForeignKey(
        "cases.Application", on_delete=models.CASCADE, related_name="published_matches"
    )
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    entry = models.ForeignKey(
        "publishing.Entry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField("名称", max_length=300)
    url = models.CharField("地址", max_length=300)
    detail = models.CharField("说明", max_length=300, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)

    class Meta:
        verbose_name = "申请时发现的已公开信息"
        verbose_name_plural = "申请时发现的已公开信息"
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.title


class HotlineTicket(models.Model):
    """The 12345 工单 an application came in as: the call's date is kept, but the clock runs
    from the day the hotline handed it over (the application's received_on)."""

    application = models.OneToOneField(
        "cases.Application", on_delete=models.CASCADE, related_name="hotline_ticket"
    )
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    number = models.CharField("工单号", max_length=60)
    called_on = models.DateField("热线受理（来电）日期")

    class Meta:
        verbose_name = "12345工单"
        verbose_name_plural = "12345工单"
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "number"],
                name="cases_hotline_ticket_once",
                violation_error_message="该12345工单已登记为依申请公开",
            ),
        )

    def __str__(self) -> str:
        return self.number


class Handoff(models.Model):
    """The application handed to 信访, 投诉/举报 or 12345 (Art. 39 ¶1), with its 不予处理告知书
    in review; the case counts in table 三 row 信访举报投诉类申请 once the letter is signed."""

    application = models.OneToOneField(
        "cases.Application", on_delete=models.CASCADE, related_name="handoff"
    )
    route = models.CharField("转交渠道", max_length=16, choices=ROUTE_CHOICES)
    receiver = models.CharField("接收单位", max_length=120)
    reference = models.CharField("转办编号", max_length=60, blank=True)
    recorded_on = models.DateField("转交日期")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "转交信访、投诉举报或12345"
        verbose_name_plural = "转交信访、投诉举报或12345"

    def __str__(self) -> str:
        return f"{self.get_route_display()} {self.receiver}"

    @property
    def route_enum(self) -> Route:
        return Route(self.route)
