from django.apps import AppConfig, apps


class AnnualReportsConfig(AppConfig):
    name = "gongkai_web.annual_reports"
    label = "annual_reports"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self) -> None:
        from gongkai_web.annual_reports import workflow  # noqa: F401  (registers the kinds)

        # Each provider is registered only when the app whose records it reads is installed;
        # without it the report shows zeros with a note (providers/registry.py).
        from gongkai_web.annual_reports.providers import registry

        if apps.is_installed("gongkai_web.cases"):
            from gongkai_web.annual_reports.providers import cases

            registry.register_table3_4_provider(cases.table3_4)
            registry.register_fact_provider("cases")(cases.facts)
        if apps.is_installed("gongkai_web.publishing"):
            from gongkai_web.annual_reports.providers import publishing

            registry.register_table2_provider(publishing.table2)
            registry.register_fact_provider("publishing")(publishing.facts)
        if apps.is_installed("gongkai_web.media_accounts"):
            from gongkai_web.annual_reports.providers import media

            registry.register_fact_provider("media")(media.facts)
