from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.identity import mask_resident_id
from gongkai_web.privacy.fields import EncryptedTextField


class Profile(models.Model):
    """What gongkai keeps about a staff account beyond Django's User."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        verbose_name="所在机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    phone = models.CharField("联系电话", max_length=40, blank=True)
    # 实名登记: the staff member's ID number, SM4-encrypted; the blind index finds it.
    id_number = EncryptedTextField("身份证号", blank=True)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    must_change_password = models.BooleanField("首次登录须修改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    totp_secret = EncryptedTextField("动态口令密钥", blank=True)
    totp_enabled = models.BooleanField("已启用动态口令", default=False)
    totp_last_step = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "账号资料"
        verbose_name_plural = "账号资料"

    def __str__(self) -> str:
        return str(self.user)

    @property
    def id_number_masked(self) -> str:
        return mask_resident_id(self.id_number) if self.id_number else ""


class LoginFailure(models.Model):
    """One failed login; recent rows per account and per address decide a lockout."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"

    def __str__(self) -> str:
        return f"{self.username} @ {self.address}"
