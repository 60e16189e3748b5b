from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "gongkai_web.cases"
    label = "cases"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai_web.cases import review_workflow, workflow  # noqa: F401  (the kinds)
