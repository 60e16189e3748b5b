from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "gongkai_web.operations"
    label = "operations"
    verbose_name = "文件、备份与后台任务"

    def ready(self) -> None:
        from gongkai_web.operations import tasks  # noqa: F401  (registers tasks and signals)
