from django.urls import path

from gongkai_web.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.index, name="index"),
    path("count/", views.count, name="count"),
]
