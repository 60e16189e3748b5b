from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "gongkai_web.oversight"
    label = "oversight"
    verbose_name = "监督保障"

    def ready(self) -> None:
        # The annual report's narrative takes facts from registered providers (branch
        # ``reports``); where that registry exists, section 一（五）'s facts join it.
        from gongkai_web.oversight import (
            report_facts,
            workflow,  # noqa: F401  (registers the run's kind)
        )

        report_facts.register()
