"""Break-glass: reset a 三员 account's password on the server.

No page can reset the credentials of the system administrator, the security administrator
or the auditor (each could otherwise take over another). When one of them is locked out for
good, whoever runs the server resets the account here: the reset is audited with its reason
and the operating-system user, and every 三员 account sees it at its next login.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.passwords import generate_password
from gongkai_web.accounts import services


class Command(BaseCommand):
    help = (
        "应急：在服务器上重置三员账号（系统管理员、安全管理员、审计管理员）的密码，记入审计日志。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="要重置的三员账号")
        parser.add_argument("--reason", required=True, help="重置原因，记入审计日志")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"没有账号“{options['username']}”")
        password = generate_password()
        try:
            services.breakglass_reset(
                user=user, new_password=password, reason=options["reason"], operator=_operator()
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(
            f"已重置 {user.username} 的密码（临时密码只显示这一次，首次登录须修改）：{password}\n"
            "此次重置已记入审计日志，三员账号下次登录时都会看到提示。"
        )


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
