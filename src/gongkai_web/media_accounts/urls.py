from django.urls import path

from gongkai_web.media_accounts import views

app_name = "media_accounts"

urlpatterns = [
    path("", views.matrix, name="matrix"),
    path("accounts/new/", views.account_new, name="account_new"),
    path("accounts/<int:account_id>/", views.account_detail, name="account"),
    path("accounts/<int:account_id>/change/", views.account_change, name="account_change"),
    path("accounts/<int:account_id>/close/", views.account_close, name="account_close"),
    path("accounts/<int:account_id>/import/", views.account_import, name="account_import"),
    path("accounts/<int:account_id>/posts/new/", views.post_new, name="post_new"),
    path("posts/<int:post_id>/", views.post_detail, name="post"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:post_id>/form.docx", views.post_form_docx, name="post_form_docx"),
    path("patrols/", views.patrols, name="patrols"),
    path("patrols/<int:run_id>/", views.patrol_detail, name="patrol"),
    path("bulletins/", views.bulletins, name="bulletins"),
    path("bulletins/<int:bulletin_id>/", views.bulletin_detail, name="bulletin"),
    path("bulletins/<int:bulletin_id>/bulletin.docx", views.bulletin_docx, name="bulletin_docx"),
    path("bulletins/<int:bulletin_id>/annex.xlsx", views.bulletin_xlsx, name="bulletin_xlsx"),
    path("problems/", views.problems, name="problems"),
    path("problems/<int:problem_id>/", views.problem_act, name="problem_act"),
    path("year/", views.year_numbers, name="year"),
]
