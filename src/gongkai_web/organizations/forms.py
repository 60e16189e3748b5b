from __future__ import annotations

from django import forms

from gongkai.identity import IdentityNumberError, validate_credit_code
from gongkai_web.organizations.models import Agency, Kind, Level
from gongkai_web.organizations.services import OFFICE_FIELDS


class AgencyOfficeForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Agency
        fields = OFFICE_FIELDS


class AgencyCreateForm(forms.Form):
    name = forms.CharField(label="全称", max_length=120)
    short_name = forms.CharField(label="简称", max_length=60, required=False)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=24)
    level = forms.ChoiceField(label="层级", choices=Level.choices)
    kind = forms.ChoiceField(label="机关类型", choices=Kind.choices)
    parent = forms.ModelChoiceField(label="上级机关", queryset=Agency.objects.all(), required=False)

    def clean_credit_code(self) -> str:
        try:
            return validate_credit_code(self.cleaned_data["credit_code"])
        except IdentityNumberError as exc:
            raise forms.ValidationError(exc.message) from None
