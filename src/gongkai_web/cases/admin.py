from django.contrib import admin

from gongkai.cases.outcomes import Disposition
from gongkai_web.cases.letters import CONTEXT_HELP, built_in
from gongkai_web.cases.models import ApiClient, CaseSettings, LetterTemplate, ReviewCase


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("kind", "disposition", "title")
    list_filter = ("kind",)

    def get_changeform_initial_data(self, request):  # type: ignore[no-untyped-def]
        # "?kind=reply&disposition=partial" opens the built-in wording of that outcome, so an
        # administrator edits the shipped text rather than starting from nothing.
        initial = super().get_changeform_initial_data(request)
        try:
            disposition = initial.get("disposition")
            title, body = built_in(
                str(initial.get("kind", "")), Disposition(disposition) if disposition else None
            )
        except (KeyError, ValueError):
            return initial
        return {"title": title, "body": body} | initial

    def get_form(self, request, obj=None, change=False, **kwargs):  # type: ignore[no-untyped-def]
        form = super().get_form(request, obj, change, **kwargs)
        form.base_fields["body"].help_text = "每行一段。可用字段：" + CONTEXT_HELP
        return form


@admin.register(CaseSettings)
class CaseSettingsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("agency", "letter_prefix", "reconsideration_days", "litigation_months")


@admin.register(ReviewCase)
class ReviewCaseAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("agency", "kind", "filed_on", "status", "result", "decided_on", "case_number")
    list_filter = ("kind", "status", "result")
    # Business data (行政复议/诉讼 feed table 四): the system administrator may look, never
    # add, change or delete; the agency's staff record cases through cases.services.

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "agency", "active", "created_at")
    readonly_fields = ("created_at",)
    # Tokens are created by cases.api.create_client (shown once); only their hash is stored.
    exclude = ("token_hash",)

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False
