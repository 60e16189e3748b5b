from __future__ import annotations

from django import forms

from gongkai.media.bulletin import NUMBER
from gongkai_web.media_accounts.models import MediaAccount
from gongkai_web.operations.uploads import LimitedFileField, UploadKind
from gongkai_web.organizations.models import Agency

DATE = forms.DateInput(
    format="%Y-%m-%d", attrs={"type": "date"}
)  # ISO: what <input type=date> reads


class AccountForm(forms.ModelForm):  # type: ignore[type-arg]
    rss_url = forms.URLField(label="RSS 地址", required=False, assume_scheme="https")

    class Meta:
        model = MediaAccount
        fields = (
            "platform",
            "platform_other",
            "name",
            "handle",
            "supervisor",
            "responsible",
            "responsible_phone",
            "responsible_email",
            "operator",
            "operator_phone",
            "verification",
            "opened_on",
            "filing_no",
            "rss_url",
        )
        widgets = {"opened_on": DATE}  # noqa: RUF012  (Django reads it as a class attribute)

    def __init__(self, *args: object, supervisors: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if supervisors is not None:
            self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]


class FilingForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE)
    filing_no = forms.CharField(label="备案编号", max_length=60, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class PostForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}))
    link = forms.URLField(label="链接（发布后填写）", required=False, assume_scheme="https")


class PostEditForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 10}))


class ImportForm(forms.Form):
    file = LimitedFileField(kind=UploadKind.TABLE, label="平台后台导出文件（CSV、XLSX）或 RSS")


class RunForm(forms.Form):
    on = forms.DateField(label="巡查日期", widget=DATE)


class BulletinForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label="季度", coerce=int, choices=[(q, f"第{'一二三四'[q - 1]}季度") for q in (1, 2, 3, 4)]
    )
    issued_on = forms.DateField(label="通报日期", widget=DATE)
    deadline = forms.DateField(label="整改期限", widget=DATE)
    recipients = forms.CharField(label="主送", initial="各有关单位", max_length=100)
    number = forms.CharField(
        label="发文字号",
        max_length=40,
        help_text="机关代字〔年份〕序号号，如“新教通〔2024〕3号”（GB/T 9704-2012 7.2.4）",
    )
    copy_to = forms.CharField(label="抄送", max_length=200, required=False)

    def clean_number(self) -> str:
        number: str = self.cleaned_data["number"].strip()
        if not NUMBER.match(number):
            raise forms.ValidationError(
                "发文字号应写作“机关代字〔年份〕序号号”，如“新教通〔2024〕3号”："
                "年份用六角括号〔〕，序号不加“第”字、不编虚位"
            )
        return number


def agency_choices(agencies: list[Agency]) -> list[tuple[int, str]]:
    return [(a.pk, a.name) for a in agencies]


class ChangeForm(forms.ModelForm):  # type: ignore[type-arg]
    """变更: the registry fields that may change, with the filing's date and number."""

    on = forms.DateField(label="变更日期", widget=DATE)
    change_filing_no = forms.CharField(label="备案编号", max_length=60, required=False)
    note = forms.CharField(label="变更说明", max_length=200, required=False)
    rss_url = forms.URLField(label="RSS 地址", required=False, assume_scheme="https")

    class Meta:
        model = MediaAccount
        fields = (
            "name",
            "handle",
            "responsible",
            "responsible_phone",
            "responsible_email",
            "operator",
            "operator_phone",
            "verification",
            "rss_url",
        )
