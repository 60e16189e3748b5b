"""Login and password pages keep Django's URL names (login, logout, password_change) so that
LOGIN_URL and the templates' {% url 'login' %} keep working; the administration pages are
namespaced."""

from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai_web.accounts import views

session_urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/totp/", views.totp_verify, name="totp_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", views.password_change, name="password_change"),
    path("totp/", views.totp_enrol, name="totp_enrol"),
    path("totp/disable/", views.totp_disable, name="totp_disable"),
]

app_name = "accounts"
urlpatterns = [
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("users/<int:user_id>/id-number/", views.user_reveal_id, name="user_reveal_id"),
    path("users/<int:user_id>/password/", views.user_reset_password, name="user_reset_password"),
    path("users/<int:user_id>/unlock/", views.user_unlock, name="user_unlock"),
    path("roles/", views.role_grants, name="role_grants"),
    path("roles/<int:grant_id>/revoke/", views.role_revoke, name="role_revoke"),
]
