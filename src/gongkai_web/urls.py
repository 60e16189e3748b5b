from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("gongkai_web.ui.urls")),
    path("reports/", include("gongkai_web.annual_reports.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
