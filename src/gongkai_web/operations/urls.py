from django.urls import path

from gongkai_web.operations import views

app_name = "operations"
urlpatterns = [
    path("tasks/", views.task_failures, name="task_failures"),
    path(
        "tasks/<int:failure_id>/resolve/", views.task_failure_resolve, name="task_failure_resolve"
    ),
]
