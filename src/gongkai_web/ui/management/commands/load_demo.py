from django.core.management.base import BaseCommand

from gongkai_web import demo


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，不会重复创建）。"

    def handle(self, *args: object, **options: object) -> None:
        for line in demo.load_all():
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS("演示数据已载入。"))
