"""First start of an installation: the three administrator accounts, kept apart (三员分立).

Run once by the server operator. Each account gets a random temporary password, printed
once, which must be changed at first login; from then on the security administrator grants
every other role through the web pages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gongkai.passwords import generate_password
from gongkai_web.accounts import services as accounts
from gongkai_web.audit.services import SYSTEM
from gongkai_web.organizations import services
from gongkai_web.organizations.models import ADMIN_ROLES, Agency, Kind, Level, Role, RoleGrant

ACCOUNTS = (
    ("sysadmin", "系统管理员", Role.SYSADMIN),
    ("secadmin", "安全管理员", Role.SECADMIN),
    ("auditor", "审计管理员", Role.AUDITOR),
)


class Command(BaseCommand):
    help = "首次部署：建立本机关（如尚无）和系统管理员、安全管理员、审计管理员三个账号。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, help="机关全称，如 新华区人民政府")
        parser.add_argument("--credit-code", help="统一社会信用代码（机关尚不存在时必填）")
        parser.add_argument("--level", choices=Level.values, default=Level.COUNTY)
        parser.add_argument("--kind", choices=Kind.values, default=Kind.GOVERNMENT)
        parser.add_argument("--prefix", default="", help="账号名前缀，如 xh_")

    def handle(self, *args: Any, **options: Any) -> None:
        if RoleGrant.objects.filter(role__in=sorted(ADMIN_ROLES)).exists():
            raise CommandError("已有管理员账号，不能重复初始化；请由安全管理员在页面上授予角色。")
        try:
            with transaction.atomic():
                agency = Agency.objects.filter(name=options["agency"]).first()
                if agency is None:
                    if not options["credit_code"]:
                        raise CommandError(
                            f"机关“{options['agency']}”尚不存在，"
                            "请用 --credit-code 给出其统一社会信用代码"
                        )
                    agency = services.create_agency(
                        actor=SYSTEM,
                        name=options["agency"],
                        credit_code=options["credit_code"],
                        level=options["level"],
                        kind=options["kind"],
                    )
                created = []
                for username, title, role in ACCOUNTS:
                    password = generate_password()
                    user = accounts.create_account(
                        actor=SYSTEM,
                        username=options["prefix"] + username,
                        full_name=title,
                        agency=agency,
                        password=password,
                    )
                    services.grant_role(actor=SYSTEM, user=user, agency=agency, role=role)
                    created.append((user.username, title, password))
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(
            f"已在“{agency.name}”建立三员账号（临时密码只显示这一次，首次登录须修改）："
        )
        for username, title, password in created:
            self.stdout.write(f"  {title}：{username} / {password}")
