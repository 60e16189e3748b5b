from django.urls import path

from gongkai_web.annual_reports import views, views_narrative, views_supervisor

app_name = "annual_reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("create/", views.create, name="create"),
    path("import/", views.import_previous, name="import"),
    path("overview/", views_supervisor.overview, name="overview"),
    path("overview/export.<slug:fmt>", views_supervisor.export, name="export"),
    path("rollup/<int:agency_id>/<int:year>/", views_supervisor.rollup, name="rollup"),
    path("batch/", views_supervisor.batches, name="batches"),
    path("batch/<int:batch_id>/", views_supervisor.batch, name="batch"),
    path(
        "batch/file/<int:file_id>/review/", views_supervisor.review_finding, name="review_finding"
    ),
    path("batch/file/<int:file_id>/adopt/", views_supervisor.adopt, name="adopt"),
    path("<int:report_id>/", views.detail, name="detail"),
    path("<int:report_id>/download/<slug:fmt>/", views.download, name="download"),
    path("<int:report_id>/work/", views.work, name="work"),
    path("<int:report_id>/cell/<str:cell>/", views.drilldown, name="drilldown"),
    path("<int:report_id>/recompute/", views.recompute, name="recompute"),
    path("<int:report_id>/correct/", views.correct, name="correct"),
    path("<int:report_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:report_id>/comment/", views.comment, name="comment"),
    path("<int:report_id>/narrative/", views_narrative.edit_narrative, name="narrative"),
    path("<int:report_id>/narrative/fix/", views_narrative.fix_narrative, name="narrative_fix"),
]
