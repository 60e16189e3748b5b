from django.urls import path

from gongkai_web.operations import views, views_calendar

app_name = "operations"
urlpatterns = [
    path("tasks/", views.task_failures, name="task_failures"),
    path(
        "tasks/<int:failure_id>/resolve/", views.task_failure_resolve, name="task_failure_resolve"
    ),
    path("calendar/", views_calendar.index, name="calendar"),
    path("calendar/enter/", views_calendar.enter, name="calendar_enter"),
    path("calendar/preview/", views_calendar.preview, name="calendar_preview"),
    path("calendar/confirm/", views_calendar.confirm, name="calendar_confirm"),
    path("calendar/<int:year>/", views_calendar.year_detail, name="calendar_year"),
    path("calendar/<int:year>.json", views_calendar.year_json, name="calendar_year_json"),
    path("calendar/<int:year>/delete/", views_calendar.delete, name="calendar_delete"),
]
