from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "gongkai_web.ui"
    label = "ui"
    verbose_name = "界面"
