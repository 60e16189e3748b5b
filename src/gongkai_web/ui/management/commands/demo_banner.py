from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from gongkai_web import demo


class Command(BaseCommand):
    help = "打印演示站点的地址和演示账号。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--address", default="http://127.0.0.1:8000/", help="站点地址")

    def handle(self, *args: object, **options: object) -> None:
        address = str(options["address"])
        rule = "=" * 64
        self.stdout.write(rule)
        self.stdout.write(f"gongkai 演示站点：{address}")
        self.stdout.write(f"年度报告：{address.rstrip('/')}/reports/")
        logins = demo.all_logins()
        if logins:
            self.stdout.write("演示账号（用户名 / 密码 / 角色 / 机关）：")
            for login in logins:
                self.stdout.write(
                    f"  {login.username} / {login.password} / {login.role} / {login.agency}"
                )
        else:
            self.stdout.write("演示账号：暂无（公开页面无需登录）。")
        self.stdout.write("按 Ctrl+C 停止。")
        self.stdout.write(rule)
