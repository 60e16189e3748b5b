from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.media.lifecycle import AccountState, FilingEvent
from gongkai.media.patrol import Verdict
from gongkai.media.sweep import Category
from gongkai.workflow.tables.media_post import PostState
from gongkai_web.workflow.models import Event


class Platform(models.TextChoices):
    WECHAT = "wechat", "微信公众号"
    WEIBO = "weibo", "微博"
    DOUYIN = "douyin", "抖音"
    TOUTIAO = "toutiao", "今日头条"
    KUAISHOU = "kuaishou", "快手"
    CHANNELS = "channels", "视频号"
    XIAOHONGSHU = "xiaohongshu", "小红书"
    OTHER = "other", "其他"


class Verification(models.TextChoices):
    VERIFIED = "verified", "已认证"
    PENDING = "pending", "认证中"
    NONE = "none", "未认证"


STATE_CHOICES = [(s.value, s.label) for s in AccountState]
EVENT_CHOICES = [(e.value, e.label) for e in FilingEvent]
VERDICT_CHOICES = [(v.value, v.label) for v in Verdict]
CATEGORY_CHOICES = [(c.value, c.label) for c in Category]


class MediaAccount(models.Model):
    # 主办单位: "谁开设、谁主办" (国办发〔2018〕123号); the owning agency in the tree.
    agency = models.ForeignKey(
        "organizations.Agency", verbose_name="主办单位", on_delete=models.PROTECT, related_name="+"
    )
    supervisor = models.ForeignKey(
        "organizations.Agency",
        verbose_name="主管单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    platform = models.CharField("平台", max_length=16, choices=Platform.choices)
    platform_other = models.CharField("其他平台名称", max_length=40, blank=True)
    name = models.CharField("账号名称", max_length=100)
    handle = models.CharField("账号ID", max_length=100, blank=True)
    responsible = models.CharField("责任人", max_length=40, blank=True)
    responsible_phone = models.CharField("责任人手机", max_length=20, blank=True)
    responsible_email = models.EmailField("责任人邮箱", blank=True)
    operator = models.CharField("运维人员", max_length=40, blank=True)
    operator_phone = models.CharField("运维人员手机", max_length=20, blank=True)
    verification = models.CharField(
        "认证状态", max_length=16, choices=Verification.choices, default=Verification.NONE
    )
    state = models.CharField("状态", max_length=16, choices=STATE_CHOICES)
    opened_on = models.DateField("开设日期")
    closed_on = models.DateField("注销日期", null=True, blank=True)
    filing_no = models.CharField("备案编号", max_length=60, blank=True)
    rss_url = models.URLField("RSS 地址", blank=True)

    class Meta:
        verbose_name = "政务新媒体账号"
        verbose_name_plural = "政务新媒体账号"
        ordering = ("agency__path", "platform", "name")
        indexes = (models.Index(fields=["state", "opened_on"]),)

    def __str__(self) -> str:
        return self.name

    @property
    def platform_label(self) -> str:
        if self.platform == Platform.OTHER and self.platform_other:
            return self.platform_other
        return str(Platform(self.platform).label)

    @property
    def is_open(self) -> bool:
        return self.state != AccountState.CLOSED


def open_on(day: object) -> Q:
    """Accounts open at the end of ``day`` (opened by then, not yet cancelled)."""
    return Q(opened_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


class Filing(models.Model):
    """One 开设 / 变更 / 注销 step with its 备案 record; the account's state follows it."""

    account = models.ForeignKey(MediaAccount, on_delete=models.CASCADE, related_name="filings")
    event = models.CharField("事项", max_length=16, choices=EVENT_CHOICES)
    on = models.DateField("日期")
    filing_no = models.CharField("备案编号", max_length=60, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "备案记录"
        verbose_name_plural = "备案记录"
        ordering = ("on", "pk")

    def __str__(self) -> str:
        return f"{self.account} {self.get_event_display()} {self.on}"


# The lifecycle is gongkai.workflow.tables.media_post's table; the status column holds its states.
PostStatus = PostState


class PostSource(models.TextChoices):
    ENTERED = "entered", "发布前登记"
    CSV = "csv", "导入（CSV）"
    XLSX = "xlsx", "导入（XLSX）"
    RSS = "rss", "导入（RSS）"
    DEMO = "demo", "演示数据"


class Post(models.Model):
    # No index of its own: the (account, published_at) index below serves account lookups too.
    account = models.ForeignKey(
        MediaAccount, on_delete=models.PROTECT, related_name="posts", db_index=False
    )
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文", blank=True)
    link = models.URLField("链接", max_length=500, blank=True)
    status = models.CharField("状态", max_length=16, choices=PostState.choices())
    source = models.CharField("来源", max_length=16, choices=PostSource.choices)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    # Kept by the workflow's moves: all six 三审三校 steps signed before publication.
    review_complete = models.BooleanField("三审三校完整", default=False)
    round = models.PositiveSmallIntegerField("审核轮次", default=0)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drafted_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "发布信息"
        verbose_name_plural = "发布信息"
        ordering = ("-published_at", "-pk")
        # The patrol's MAX(published_at) per account reads this index alone.
        indexes = (models.Index(fields=["account", "published_at"], name="post_account_published"),)

    def __str__(self) -> str:
        return self.title

    @property
    def flagged(self) -> bool:
        return self.status == PostStatus.PUBLISHED and not self.review_complete


class PostEvent(Event):
    """A move of the post's lifecycle: submission, each of 三审三校, return, publication."""

    record = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = "三审三校记录"
        verbose_name_plural = "三审三校记录"
        indexes = (models.Index(fields=("record", "round"), name="post_event_round"),)


class RunKind(models.TextChoices):
    DAILY = "daily", "每日巡查"
    WEEKLY = "weekly", "每周排查"


class PatrolRun(models.Model):
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=16, choices=RunKind.choices)
    on = models.DateField("巡查日期")
    ran_at = models.DateTimeField("执行时间")
    thresholds = models.JSONField("阈值", default=dict)
    checked = models.PositiveIntegerField("检查账号数", default=0)
    warned = models.PositiveIntegerField("预警", default=0)
    failed = models.PositiveIntegerField("不合格", default=0)
    zombies = models.PositiveIntegerField("僵尸账号", default=0)
    problems = models.PositiveIntegerField("发现问题", default=0)

    class Meta:
        verbose_name = "巡查记录"
        verbose_name_plural = "巡查记录"
        ordering = ("-on", "-pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class PatrolResult(models.Model):
    """Accounts not OK in a run (warned, failing, zombie); OK accounts are only counted."""

    run = models.ForeignKey(PatrolRun, on_delete=models.CASCADE, related_name="results")
    account = models.ForeignKey(MediaAccount, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField("结论", max_length=16, choices=VERDICT_CHOICES)
    days_since = models.PositiveIntegerField("未更新天数", null=True)
    last_post = models.DateField("最近发布", null=True)

    class Meta:
        ordering = ("-days_since", "account_id")

    def __str__(self) -> str:
        return f"{self.account_id} {self.verdict}"


class ProblemStatus(models.TextChoices):
    OPEN = "open", "待整改"
    SUBMITTED = "submitted", "已报整改"
    CLOSED = "closed", "已销号"


class Problem(models.Model):
    account = models.ForeignKey(MediaAccount, on_delete=models.PROTECT, related_name="problems")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL)
    category = models.CharField("问题类别", max_length=20, choices=CATEGORY_CHOICES)
    detail = models.CharField("问题描述", max_length=1000)
    found_on = models.DateField("发现日期")
    run = models.ForeignKey(PatrolRun, null=True, blank=True, on_delete=models.SET_NULL)
    bulletin = models.ForeignKey(
        "Bulletin", null=True, blank=True, on_delete=models.SET_NULL, related_name="listed"
    )
    deadline = models.DateField("整改期限", null=True, blank=True)
    status = models.CharField(
        "整改状态", max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    rectification = models.TextField("整改情况", blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)

    class Meta:
        verbose_name = "问题与整改"
        verbose_name_plural = "问题与整改"
        ordering = ("status", "-found_on", "pk")

    def __str__(self) -> str:
        return f"{self.account} {self.get_category_display()}"


class Bulletin(models.Model):
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    issued_on = models.DateField("通报日期")
    deadline = models.DateField("整改期限")
    title = models.CharField("标题", max_length=200)
    checked = models.PositiveIntegerField("检查账号数")
    failed = models.PositiveIntegerField("不合格账号数")
    # The inputs the documents are rebuilt from, so a download always matches what was issued.
    content = models.JSONField("通报内容")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "季度通报"
        verbose_name_plural = "季度通报"
        ordering = ("-year", "-quarter")
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "year", "quarter"], name="bulletin_once_a_quarter"
            ),
        )

    def __str__(self) -> str:
        return self.title
