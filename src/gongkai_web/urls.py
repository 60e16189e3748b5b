from django.contrib import admin
from django.urls import include, path

from gongkai_web.accounts.urls import session_urlpatterns

urlpatterns = [
    path("", include("gongkai_web.ui.urls")),
    path("desk/", include("gongkai_web.desk.urls")),
    path("reports/", include("gongkai_web.annual_reports.urls")),
    path("accounts/", include(session_urlpatterns)),
    path("agencies/", include("gongkai_web.organizations.urls")),
    path("admin-users/", include("gongkai_web.accounts.urls")),
    path("audit/", include("gongkai_web.audit.urls")),
    path("operations/", include("gongkai_web.operations.urls")),
    path("", include("gongkai_web.cases.urls")),
    path("gk/", include("gongkai_web.publishing.portal_urls")),
    path("publishing/", include("gongkai_web.publishing.urls")),
    path("media/", include("gongkai_web.media_accounts.urls")),
    path("oversight/", include("gongkai_web.oversight.urls")),
    path("workflow/", include("gongkai_web.workflow.urls")),
    path("admin/", admin.site.urls),
]

# Chinese, without touching the database; a 503 when the database, cache or queue is down.
handler500 = "gongkai_web.observability.errors.server_error"
