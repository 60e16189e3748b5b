from django.urls import path

from gongkai_web.workflow import views

app_name = "workflow"
urlpatterns = [
    path("<str:kind_name>/<int:pk>/", views.move, name="move"),
]
