from django.urls import path

from gongkai_web.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("export.csv", views.log_export, {"fmt": "csv"}, name="export_csv"),
    path("export.xlsx", views.log_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("chain/", views.chain_status, name="chain"),
]
