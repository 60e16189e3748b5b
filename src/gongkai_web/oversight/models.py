"""监督保障: the leading group, the responsibility map, rules, training, scoring, commendations.

Group seats and duties are versioned by effective dates: a change ends the current row
(effective_to) and starts a new one, so "who held what on a day" is one filtered query and
the report can state the changes of a year.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.scoring.score import Period
from gongkai.scoring.standard import OutletLevel
from gongkai.workflow.tables.scoring_run import RunState
from gongkai_web.workflow.models import Event

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PERIOD_CHOICES = [(p.value, p.label) for p in Period]
LEVEL_CHOICES = [(lv.value, lv.label) for lv in OutletLevel if lv is not OutletLevel.OWN]


class GroupRole(models.TextChoices):
    LEADER = "leader", "组长"
    DEPUTY = "deputy", "副组长"
    MEMBER = "member", "成员"


def in_force_on(day: object) -> Q:
    return Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))


class GroupSeat(models.Model):
    """A seat on the agency's 政务公开工作领导小组, held from one date to another."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("职务", max_length=16, choices=GroupRole.choices)
    name = models.CharField("姓名", max_length=40)
    position = models.CharField("本职", max_length=80, help_text="如“局党组书记、局长”")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    effective_from = models.DateField("任职起")
    effective_to = models.DateField("任职止", null=True, blank=True)

    class Meta:
        verbose_name = "领导小组成员"
        verbose_name_plural = "领导小组成员"
        ordering = ("agency", "effective_from", "pk")

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class Duty(models.Model):
    """A line of the responsibility map: a section (股室) or the lead unit, tasks, person."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    section = models.CharField("股室（单位）", max_length=80)
    unit = models.ForeignKey(
        "organizations.Agency",
        verbose_name="所属机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead = models.BooleanField("牵头单位", default=False)
    tasks = models.TextField("工作任务")
    person = models.CharField("责任人", max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    effective_from = models.DateField("起")
    effective_to = models.DateField("止", null=True, blank=True)

    class Meta:
        verbose_name = "责任分工"
        verbose_name_plural = "责任分工"
        ordering = ("agency", "-lead", "section", "effective_from")

    def __str__(self) -> str:
        return f"{self.section}：{self.person}"


class Governed(models.TextChoices):
    # The kinds of records a rule may govern; each names the record list that shows them.
    MEDIA_REVIEW = "media_accounts.reviewstep", "政务新媒体三审三校记录"
    PUBLISHING_REVIEW = "publishing.reviewstep", "主动公开审核记录"
    MEDIA_ACCOUNT = "media_accounts.mediaaccount", "政务新媒体账号"
    PATROL = "media_accounts.patrolrun", "政务新媒体巡查记录"
    APPLICATION = "cases.application", "政府信息公开申请"
    SCORING = "oversight.scoringstandard", "量化考核记分标准"


class Rule(models.Model):
    """One version of a rule (制度) the agency made; a new version replaces the previous one."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("制度名称", max_length=120)
    number = models.CharField("文号", max_length=60, blank=True)
    version = models.PositiveSmallIntegerField("版本", default=1)
    issued_on = models.DateField("印发日期")
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("废止日期", null=True, blank=True)
    summary = models.TextField("主要内容", blank=True)
    file = models.ForeignKey(
        "operations.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    governs = models.JSONField("适用的记录", default=list, blank=True)

    class Meta:
        verbose_name = "制度"
        verbose_name_plural = "制度"
        ordering = ("agency", "title", "-version")
        constraints = (
            models.UniqueConstraint(
                fields=("agency", "title", "version"), name="rule_version_once"
            ),
        )

    def __str__(self) -> str:
        return f"《{self.title}》"

    @property
    def governs_labels(self) -> list[str]:
        return [Governed(g).label for g in self.governs if g in Governed.values]


class Organiser(models.TextChoices):
    INTERNAL = "internal", "本单位组织"
    DISTRICT = "district", "区级举办"
    CITY = "city", "市级举办"
    PROVINCE = "province", "省级举办"


class TrainingSession(models.Model):
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("日期")
    topic = models.CharField("主题", max_length=200)
    organiser_kind = models.CharField("组织方式", max_length=16, choices=Organiser.choices)
    organiser = models.CharField("主办单位", max_length=120)
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    place = models.CharField("地点", max_length=120, blank=True)
    attendees: models.ManyToManyField[User, Attendance] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Attendance", related_name="+", blank=True
    )
    materials = models.ManyToManyField("operations.StoredFile", related_name="+", blank=True)

    class Meta:
        verbose_name = "培训"
        verbose_name_plural = "培训"
        ordering = ("-held_on", "pk")

    def __str__(self) -> str:
        return self.topic


class Attendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = (models.UniqueConstraint(fields=("session", "user"), name="attendance_once"),)

    def __str__(self) -> str:
        return f"{self.session_id}/{self.user_id}"


class ScoringStandard(models.Model):
    """A version of the agency's 记分标准; ``data`` is the core's Standard.to_data()."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=120)
    version = models.PositiveSmallIntegerField("版本")
    effective_from = models.DateField("施行日期")
    rule = models.ForeignKey(
        Rule, null=True, blank=True, on_delete=models.SET_NULL, related_name="standards"
    )
    data = models.JSONField("记分规则")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("制定时间")

    class Meta:
        verbose_name = "记分标准"
        verbose_name_plural = "记分标准"
        ordering = ("agency", "-version")
        constraints = (
            models.UniqueConstraint(fields=("agency", "version"), name="standard_version_once"),
        )

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"


class Carriage(models.Model):
    """A news outlet carried a unit's post (发稿): the outlet and its level score the story."""

    post = models.ForeignKey("media_accounts.Post", on_delete=models.CASCADE, related_name="+")
    outlet = models.CharField("刊发媒体", max_length=120)
    level = models.CharField("媒体级别", max_length=16, choices=LEVEL_CHOICES)
    carried_on = models.DateField("刊发日期")
    link = models.URLField("链接", max_length=500, blank=True)

    class Meta:
        verbose_name = "新闻媒体刊发"
        verbose_name_plural = "新闻媒体刊发"
        ordering = ("-carried_on", "pk")

    def __str__(self) -> str:
        return f"{self.outlet} {self.carried_on}"


class Adjustment(models.Model):
    """A manual change of a unit's or person's score, with its reason (audited)."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on = models.DateField("计分日期")
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    reason = models.CharField("理由", max_length=300)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField("调整时间")

    class Meta:
        verbose_name = "人工调整"
        verbose_name_plural = "人工调整"
        ordering = ("-on", "pk")

    def __str__(self) -> str:
        return f"{self.points} {self.reason}"


class ScoreRun(models.Model):
    """One application of a standard to a period's records; its lines are the table.

    Its status follows gongkai.workflow.tables.scoring_run: computed, then 审定 by someone who
    did not run it (ScoreRunEvent keeps who and when), or superseded by a new run."""

    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    standard = models.ForeignKey(ScoringStandard, on_delete=models.PROTECT, related_name="runs")
    year = models.PositiveSmallIntegerField("年度")
    period = models.CharField("考核", max_length=16, choices=PERIOD_CHOICES)
    start = models.DateField("起")
    end = models.DateField("止")
    ran_at = models.DateTimeField("计分时间")
    ran_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    total = models.DecimalField("合计", max_digits=12, decimal_places=2)
    line_count = models.PositiveIntegerField("记分条目")
    status = models.CharField(
        "状态", max_length=16, choices=RunState.choices(), default=RunState.COMPUTED.value
    )

    class Meta:
        verbose_name = "量化考核计分"
        verbose_name_plural = "量化考核计分"
        ordering = ("-ran_at", "-pk")
        indexes = (models.Index(fields=("agency", "year", "period", "-ran_at")),)

    def __str__(self) -> str:
        return f"{self.year}年{self.get_period_display()}"


class ScoreRunEvent(Event):
    """A move of a scoring run: its 审定, its replacement by a new run, a designation."""

    record = models.ForeignKey(ScoreRun, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        verbose_name = "量化考核计分审定记录"
        verbose_name_plural = "量化考核计分审定记录"


class ScoreLine(models.Model):
    run = models.ForeignKey(ScoreRun, on_delete=models.CASCADE, related_name="lines")
    unit = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(max_length=120)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person_name = models.CharField(max_length=150, blank=True)
    on = models.DateField("日期")
    kind = models.CharField("类别", max_length=24)
    rule = models.CharField("记分项目", max_length=80)
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    source_model = models.CharField(max_length=60)
    source_pk = models.PositiveBigIntegerField()
    source_label = models.CharField("记录", max_length=300)
    source_url = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("on", "pk")
        indexes = (
            models.Index(fields=("run", "unit")),
            models.Index(fields=("run", "person")),
        )

    def __str__(self) -> str:
        return f"{self.rule} {self.points}"


class Commendation(models.Model):
    agency = models.ForeignKey("organizations.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("荣誉称号", max_length=80)
    unit = models.ForeignKey(
        "organizations.Agency",
        verbose_name="单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person_name = models.CharField("个人", max_length=150, blank=True)
    reason = models.CharField("事由", max_length=300)
    occasion = models.CharField("通报场合", max_length=120, default="全区教育工作大会")
    announced_on = models.DateField("通报日期")
    run = models.ForeignKey(ScoreRun, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "表彰"
        verbose_name_plural = "表彰"
        ordering = ("-year", "announced_on", "pk")

    def __str__(self) -> str:
        return f"{self.title} {self.person_name or self.unit}"
