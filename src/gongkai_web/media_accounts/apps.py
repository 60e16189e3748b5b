from django.apps import AppConfig


class MediaAccountsConfig(AppConfig):
    name = "gongkai_web.media_accounts"
    label = "media_accounts"
    verbose_name = "政务新媒体"

    def ready(self) -> None:
        from gongkai_web.media_accounts import (
            tasks,  # noqa: F401  (registers the periodic tasks)
            workflow,  # noqa: F401  (registers the post's kind)
        )
