from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "gongkai_web.organizations"
    label = "organizations"
    verbose_name = "机关与角色"
