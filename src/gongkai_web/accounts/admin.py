from django.contrib import admin

from gongkai_web.accounts.models import LoginFailure, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "agency", "must_change_password", "totp_enabled")
    # The ID number and the TOTP secret never appear here: unmasked views go through the
    # logged page (accounts:user_reveal_id).
    exclude = ("id_number", "totp_secret")
    readonly_fields = ("totp_enabled",)


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("username", "address", "at")
    list_filter = ("at",)
