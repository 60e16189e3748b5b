from django.apps import AppConfig


class ObservabilityConfig(AppConfig):
    name = "gongkai_web.observability"
    label = "observability"
    verbose_name = "运行监测"

    def ready(self) -> None:
        from gongkai_web.observability import tasks

        tasks.connect()
