from django.urls import path

from gongkai_web.operations.replica import replica_reads
from gongkai_web.publishing import portal

app_name = "portal"
urlpatterns = [
    path("", portal.index, name="index"),
    path("agency/<int:agency_id>/", portal.agency, name="agency"),
    path("agency/<int:agency_id>/guide/", portal.guide, name="guide"),
    path("agency/<int:agency_id>/registers/", portal.registers, name="registers"),
    path(
        "agency/<int:agency_id>/registers/<slug:register>/",
        portal.registers,
        name="register",
    ),
    path("entry/<int:entry_id>/", portal.entry, name="entry"),
    path("attachment/<int:attachment_id>/", portal.attachment, name="attachment"),
    path("search/", portal.search, name="search"),
    path("reports/", portal.reports, name="reports"),
    path("feed/", portal.CatalogueFeed(), name="feed"),
    path("api/entries/", portal.api_entries, name="api_entries"),
    path("api/entries/<int:entry_id>/", portal.api_entry, name="api_entry"),
]

# Every portal page only reads (anonymous, GET): its reads may go to the read replica.
for pattern in urlpatterns:
    pattern.callback = replica_reads(pattern.callback)
