from django.urls import path

from gongkai_web.publishing import privacy_sweep, settings_views, views, words_views

app_name = "publishing"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:entry_id>/", views.detail, name="detail"),
    path("<int:entry_id>/edit/", views.edit, name="edit"),
    path("<int:entry_id>/repeal/", views.repeal, name="repeal"),
    path("<int:entry_id>/attach/", views.attach, name="attach"),
    path(
        "<int:entry_id>/attachments/<int:attachment_id>/remove/",
        views.remove_attachment,
        name="remove_attachment",
    ),
    path("<int:entry_id>/approval.docx", views.approval, name="approval"),
    path("registers/", views.registers, name="registers"),
    path("table2/", views.table2, name="table2"),
    path("guide/", views.guide, name="guide"),
    path("words/", words_views.words, name="words"),
    path("words/<int:word_id>/edit/", words_views.edit_word, name="edit_word"),
    path("words/<int:word_id>/delete/", words_views.delete_word, name="delete_word"),
    path("reassess/", views.reassess, name="reassess"),
    path("privacy-sweep/", privacy_sweep.privacy_sweep, name="privacy_sweep"),
    path("settings/", settings_views.catalogue_settings, name="settings"),
    path("settings/template/", settings_views.save_index_template, name="save_index_template"),
    path("settings/categories/new/", settings_views.add_category, name="add_category"),
    path(
        "settings/categories/<int:category_id>/rename/",
        settings_views.rename_category,
        name="rename_category",
    ),
    path(
        "settings/categories/<int:category_id>/time-limit/",
        settings_views.set_time_limit,
        name="set_time_limit",
    ),
    path(
        "settings/categories/<int:category_id>/move/",
        settings_views.move_category,
        name="move_category",
    ),
    path(
        "settings/categories/<int:category_id>/reorder/",
        settings_views.reorder_category,
        name="reorder_category",
    ),
    path(
        "settings/categories/<int:category_id>/delete/",
        settings_views.delete_category,
        name="delete_category",
    ),
]
