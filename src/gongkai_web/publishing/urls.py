from django.urls import path

from gongkai_web.publishing import views

app_name = "publishing"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:entry_id>/", views.detail, name="detail"),
    path("<int:entry_id>/edit/", views.edit, name="edit"),
    path("<int:entry_id>/submit/", views.submit, name="submit"),
    path("<int:entry_id>/decide/", views.decide, name="decide"),
    path("<int:entry_id>/repeal/", views.repeal, name="repeal"),
    path("<int:entry_id>/attach/", views.attach, name="attach"),
    path("<int:entry_id>/approval.docx", views.approval, name="approval"),
    path("registers/", views.registers, name="registers"),
    path("table2/", views.table2, name="table2"),
    path("guide/", views.guide, name="guide"),
    path("words/", views.words, name="words"),
    path("reassess/", views.reassess, name="reassess"),
]
