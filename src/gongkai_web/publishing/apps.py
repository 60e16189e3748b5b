from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai_web.publishing"
    label = "publishing"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai_web.publishing import workflow  # noqa: F401  (registers the entry's kind)
