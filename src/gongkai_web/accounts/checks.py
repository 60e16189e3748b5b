"""`manage.py check --deploy`: what production must not run with."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

from gongkai.crypto import parse_keyring


@register(Tags.security, deploy=True)
def field_key_is_not_the_development_key(**kwargs: Any) -> list[Error]:
    keyring = parse_keyring(settings.GONGKAI_FIELD_KEY)
    if any(key == bytes(len(key)) for key in keyring.keys.values()):
        return [
            Error(
                "GONGKAI_FIELD_KEY 含全零的开发用密钥：个人信息等于未加密。",
                hint="用 python -c 'import os; print(os.urandom(16).hex())' 生成新密钥，"
                "设为 GONGKAI_FIELD_KEY=1:<32 位十六进制>（已有数据须先轮换，见 docs/security.md）",
                id="gongkai.E001",
            )
        ]
    return []
