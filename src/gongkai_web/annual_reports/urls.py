from django.urls import path

from gongkai_web.annual_reports import views

app_name = "annual_reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:report_id>/", views.detail, name="detail"),
    path("<int:report_id>/download/<slug:fmt>/", views.download, name="download"),
]
