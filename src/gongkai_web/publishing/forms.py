from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from gongkai.publishing.wordcheck import WordKind
from gongkai_web.operations.uploads import LimitedFileField, UploadKind
from gongkai_web.publishing.models import Category, DecisionKind, Entry, Validity
from gongkai_web.publishing.services import EDITABLE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntryForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Entry
        fields = EDITABLE
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "written_on": DATE, "formed_on": DATE, "effective_on": DATE, "ended_on": DATE,
            "reassess_on": DATE, "issued_on": DATE, "repealed_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
        }  # fmt: skip

    def __init__(self, *args: Any, agency: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(agency=agency)  # type: ignore[attr-defined]
        self.fields["publisher"].required = False
        self.fields["formed_on"].required = False
        self.fields["publisher"].help_text = "留空则为本机关全称"
        self.fields["formed_on"].help_text = "信息形成或变更的日期，留空则同成文日期（第二十六条）"
        self.fields["ended_on"].help_text = "有效性为“失效”或“废止”时必填"
        # A 解读 names the policy document it interprets (三同步).
        from gongkai_web.publishing.services.entries import interpretation_kinds

        documents = Entry.objects.filter(agency=agency, doc_kind__in=interpretation_kinds())
        self.fields["interprets"].queryset = documents.order_by("-pk")  # type: ignore[attr-defined]
        self.fields["interprets"].help_text = "本条是政策解读时，选择它所解读的规章或规范性文件"
        self.fields[
            "no_interpretation_reason"
        ].help_text = "规章、行政规范性文件须与解读同步公开；确无需解读的写明理由"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}  # ModelForm.clean returns cleaned_data, never None
        validity = data.get("validity")
        if validity and validity != Validity.VALID and not data.get("ended_on"):
            self.add_error(
                "ended_on", f"有效性为“{Validity(validity).label}”时必须填写失效或废止日期"
            )
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤回理由", max_length=300, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请写明撤回理由"},
    )  # fmt: skip


class RepealForm(forms.Form):
    validity = forms.ChoiceField(
        label="有效性", choices=[(Validity.REPEALED, "废止"), (Validity.EXPIRED, "失效")]
    )
    on = forms.DateField(label="失效或废止日期", widget=DATE)


class AttachForm(forms.Form):
    file = LimitedFileField(kind=UploadKind.ATTACHMENT, label="附件（PDF、DOCX、XLSX、PNG、JPG）")


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=DecisionKind.choices)
    number = forms.CharField(label="决定书文号", max_length=100)
    party = forms.CharField(label="当事人", max_length=200)
    party_kind = forms.ChoiceField(
        label="当事人类型", choices=[("person", "自然人"), ("organisation", "法人或其他组织")]
    )
    decided_on = forms.DateField(label="决定日期", widget=DATE)
    matter = forms.CharField(label="事项", max_length=200, required=False)
    decision = forms.CharField(label="决定内容", max_length=500)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=DecisionKind.choices)
    file = LimitedFileField(kind=UploadKind.TABLE, label="登记表（XLSX 或 CSV）")


class FeeImportForm(forms.Form):
    file = LimitedFileField(kind=UploadKind.TABLE, label="收费台账（XLSX 或 CSV）")


class FeeForm(forms.Form):
    item = forms.CharField(label="收费项目", max_length=200)
    basis = forms.CharField(label="收费依据", max_length=300)
    amount = forms.DecimalField(label="金额（元）", max_digits=14, decimal_places=2, min_value=0)
    collected_on = forms.DateField(label="收费日期", widget=DATE)


class WordEditForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=[(k.value, k.label) for k in WordKind])
    suggestion = forms.CharField(
        label="建议用语", max_length=100, required=False,
        help_text="错误表述填正确的说法，过时名称填现用名称；敏感词可不填",
    )  # fmt: skip


class WordForm(WordEditForm):
    word = forms.CharField(label="词语", max_length=100)

    field_order = ("word", "kind", "suggestion")


class ReassessForm(forms.Form):
    disclose = forms.TypedChoiceField(
        label="复核结论", choices=[("1", "转为主动公开"), ("0", "继续不公开")],
        coerce=lambda v: v == "1", widget=forms.RadioSelect,
    )  # fmt: skip
    next_on = forms.DateField(label="下次复核日期", widget=DATE, required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)
