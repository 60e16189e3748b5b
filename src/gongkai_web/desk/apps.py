from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "gongkai_web.desk"
    verbose_name = "待办"
