from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest

from gongkai_web.accounts.models import LoginFailure, Profile
from gongkai_web.organizations.permissions import is_operator

# Privileges follow role grants (organizations.services.grant_role sets is_staff and
# is_superuser for the system administrator); in the admin they are shown, never edited.
DERIVED_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


class GuardedUserAdmin(UserAdmin):  # type: ignore[type-arg]
    """Django's user admin without the means for the system administrator to take over the
    security administrator or the auditor (三员分立): a 三员 account is read-only here (no
    password, activity, name or privilege change, no deletion) and nobody's privileges are
    edited by hand."""

    readonly_fields = (*DERIVED_FIELDS, "last_login", "date_joined")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and is_operator(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and is_operator(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> Any:
        # "Delete selected" would check each row, but one refusal aborts the whole batch with
        # an English page; accounts are deactivated one by one instead.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


admin.site.unregister(User)
admin.site.register(User, GuardedUserAdmin)


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "agency", "must_change_password", "totp_enabled")
    # The ID number and the TOTP secret never appear here: unmasked views go through the
    # logged page (accounts:user_reveal_id).
    exclude = ("id_number", "totp_secret")
    readonly_fields = ("user", "totp_enabled")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and is_operator(obj.user):
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # every account's profile is created with it (accounts.signals)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: deleting rows would unlock an account without the audited unlock."""

    list_display = ("username", "address", "at")
    list_filter = ("at",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
