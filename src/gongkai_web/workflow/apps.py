from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "gongkai_web.workflow"
    label = "workflow"
    verbose_name = "审核流程"
