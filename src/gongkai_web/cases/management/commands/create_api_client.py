from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai_web.audit.services import SYSTEM
from gongkai_web.cases import api
from gongkai_web.organizations.models import Agency


class Command(BaseCommand):
    help = "为上游系统（如政务服务网）创建接口令牌；令牌只显示这一次"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="系统名称")
        parser.add_argument("agency", help="受理机关全称")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(name=options["agency"]).first()
        if agency is None:
            raise CommandError(f"没有名为“{options['agency']}”的机关")
        client, token = api.create_client(actor=SYSTEM, name=options["name"], agency=agency)
        self.stdout.write(f"已为“{client.name}”创建令牌（只显示这一次）：\n{token}")
