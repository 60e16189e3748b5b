from django.contrib.admin import apps


class SysadminOnlyAdminConfig(apps.AdminConfig):
    """Django's admin, open to the system administrator only (三员分立)."""

    default_site = "gongkai_web.accounts.admin_site.SysadminAdminSite"
