from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai_web.accounts"
    label = "accounts"
    verbose_name = "账号与登录"

    def ready(self) -> None:
        from gongkai_web.accounts import checks, signals  # noqa: F401  (registers, connects)
