from django.urls import path

from gongkai_web.cases import api, apply_assist, public_views, views, views_case, views_intake

app_name = "cases"

urlpatterns = [
    path("apply/", public_views.apply, name="apply"),
    path("apply/captcha.png", public_views.captcha_image, name="captcha"),
    path("apply/assist/", apply_assist.assist, name="apply_assist"),
    path("apply/<str:tracking>/", public_views.submitted, name="submitted"),
    path("apply/<str:tracking>/receipt.docx", public_views.receipt, name="receipt"),
    path("track/", public_views.track, name="track"),
    path("cases/", views.index, name="index"),
    path("cases/register/", views.register, name="register"),
    path("cases/supervision/", views.supervision, name="supervision"),
    path("cases/table3/", views.table3, name="table3"),
    path("cases/ledger.xlsx", views.ledger_export, name="ledger"),
    path("cases/ledger/import/", views.ledger_import, name="ledger_import"),
    path("cases/hotline/import/", views_intake.hotline_import, name="hotline_import"),
    path("cases/<int:pk>/", views.detail, name="detail"),
    path("cases/<int:pk>/do/<str:name>/", views.act, name="act"),
    path("cases/<int:pk>/contact/", views_case.contact, name="contact"),
    path("cases/<int:pk>/urge/", views_case.urge, name="urge"),
    path("cases/<int:pk>/letters/<int:letter_id>/", views.letter, name="letter"),
    path("cases/<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("cases/<int:pk>/bundle.zip", views.archive_bundle, name="bundle"),
    path("api/v1/applications", api.submit, name="api_submit"),
    path("api/v1/applications/<str:tracking>", api.status, name="api_status"),
    path("api/v1/openapi.json", api.openapi, name="api_schema"),
]
