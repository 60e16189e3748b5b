from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Level(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    COUNTY = "county", "县（区）"
    DEPARTMENT = "department", "部门"
    TOWNSHIP = "township", "乡镇（街道）"
    UNIT = "unit", "下属单位"


# Which level may sit directly below which; services.create_agency refuses anything else.
CHILD_LEVELS: dict[str, frozenset[str]] = {
    Level.PROVINCE: frozenset({Level.CITY, Level.DEPARTMENT}),
    Level.CITY: frozenset({Level.COUNTY, Level.DEPARTMENT}),
    Level.COUNTY: frozenset({Level.DEPARTMENT, Level.TOWNSHIP}),
    Level.DEPARTMENT: frozenset({Level.UNIT}),
    Level.TOWNSHIP: frozenset({Level.UNIT}),
    Level.UNIT: frozenset({Level.UNIT}),
}


class Kind(models.TextChoices):
    # The regulation's article 50 dates: departments report to their government by 31 January,
    # governments publish by 31 March (regulation.md; configurable dates live in annual_reports).
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "政府部门"
    UNIT = "unit", "下属单位"


REPORT_DUE: dict[str, tuple[int, int] | None] = {
    Kind.GOVERNMENT: (3, 31),
    Kind.DEPARTMENT: (1, 31),
    Kind.UNIT: None,  # a unit's figures go into its parent department's report
}

PATH_STEP = 6  # digits per level in the materialised path


class AgencyManager(models.Manager["Agency"]):
    def get_by_natural_key(self, name: str) -> Agency:
        return self.get(name=name)


class Agency(models.Model):
    """An agency in the tree 省 → 市 → 县（区） → 部门 / 乡镇（街道） → 下属单位.

    ``path`` is a materialised path (``000001/000004/``) so that "this agency and everything
    below it" is one indexed prefix query on SQLite and PostgreSQL alike.
    """

    name = models.CharField("全称", max_length=120, unique=True)
    short_name = models.CharField("简称", max_length=60, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    kind = models.CharField("机关类型", max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    office_name = models.CharField("政府信息公开工作机构", max_length=120, blank=True)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=120, blank=True)
    office_phone = models.CharField("联系电话", max_length=40, blank=True)
    office_fax = models.CharField("传真", max_length=40, blank=True)
    office_email = models.EmailField("电子邮箱", blank=True)

    objects = AgencyManager()

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ("path",)

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.name,)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def report_due(self) -> tuple[int, int] | None:
        return REPORT_DUE[self.kind]

    def ancestor_paths(self) -> list[str]:
        parts = [p for p in self.path.split("/") if p]
        return ["".join(f"{p}/" for p in parts[:n]) for n in range(1, len(parts) + 1)]


class Role(models.TextChoices):
    CLERK = "clerk", "登记员/承办人"
    REVIEWER = "reviewer", "审核人"
    LEADER = "leader", "分管领导"
    SUPERVISOR = "supervisor", "政务公开办"
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITOR = "auditor", "审计管理员"


BUSINESS_ROLES = frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER, Role.SUPERVISOR})
# 三员分立: the three administrators that 等保 2.0 level 3 keeps apart.
ADMIN_ROLES = frozenset({Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR})


class RoleGrant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="role_grants",
    )
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="role_grants"
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    granted_at = models.DateTimeField("授予时间")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="授予人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "角色授予"
        verbose_name_plural = "角色授予"
        constraints = (
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="rolegrant_unique_user_agency_role"
            ),
            # The database itself refuses a second administrator role for one account.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role__in=sorted(ADMIN_ROLES)),
                name="rolegrant_one_admin_role_per_user",
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"
