from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai_web.publishing"
    label = "publishing"
    verbose_name = "主动公开"
