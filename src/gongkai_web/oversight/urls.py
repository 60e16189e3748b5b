from django.urls import path

from gongkai_web.oversight import views, views_scoring

app_name = "oversight"

urlpatterns = [
    path("", views.index, name="index"),
    path("group/", views.group, name="group"),
    path("group/appoint/", views.appoint, name="appoint"),
    path("group/duty/", views.duty, name="duty"),
    path("rules/", views.rules, name="rules"),
    path("rules/<int:rule_id>/", views.rule, name="rule"),
    path("training/", views.training, name="training"),
    path("training/<int:session_id>/", views.session, name="session"),
    path("people/<int:user_id>/", views.person, name="person"),
    path("files/<int:file_id>/", views.material, name="material"),
    path("report-facts/", views.facts, name="facts"),
    path("standard/", views_scoring.standard, name="standard"),
    path("scores/", views_scoring.scores, name="scores"),
    path("scores/carriage/", views_scoring.carriage, name="carriage"),
    path("runs/<int:run_id>/", views_scoring.run_detail, name="run"),
    path("runs/<int:run_id>/lines/", views_scoring.run_lines, name="run_lines"),
    path("runs/<int:run_id>/scores.docx", views_scoring.run_docx, name="run_docx"),
    path("runs/<int:run_id>/scores.xlsx", views_scoring.run_xlsx, name="run_xlsx"),
    path("adjustments/", views_scoring.adjustments, name="adjustments"),
    path("commendations/", views_scoring.commendations, name="commendations"),
    path("commendations/list.docx", views_scoring.commendations_docx, name="commendations_docx"),
    path("commendations/list.xlsx", views_scoring.commendations_xlsx, name="commendations_xlsx"),
]
