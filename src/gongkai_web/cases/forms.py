from __future__ import annotations

from django import forms

from gongkai_web.cases.models import (
    COLUMN_CHOICES,
    Channel,
    Delivery,
    IdType,
    ProvisionForm,
)
from gongkai_web.cases.services import (
    ApplicantData,
    CaseError,
    Hotline,
    new_submission_key,
)
from gongkai_web.operations.uploads import LimitedFileField, UploadKind
from gongkai_web.organizations.models import Agency


class ApplicantForm(forms.Form):
    applicant_column = forms.ChoiceField(label="申请人类型", choices=COLUMN_CHOICES)
    name = forms.CharField(label="姓名或单位名称", max_length=120)
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices)
    id_number = forms.CharField(label="证件号码或统一社会信用代码", max_length=40)
    legal_representative = forms.CharField(
        label="法定代表人或负责人（法人或其他组织填写）", max_length=60, required=False
    )
    phone = forms.CharField(label="联系电话", max_length=40)
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    description = forms.CharField(
        label="所需信息的内容描述", widget=forms.Textarea(attrs={"rows": 4})
    )
    document_number = forms.CharField(
        label="文件名称或文号（如知道）", max_length=200, required=False
    )
    provision_form = forms.ChoiceField(label="提供形式", choices=ProvisionForm.choices)
    delivery = forms.ChoiceField(label="获取方式", choices=Delivery.choices)
    id_scan = LimitedFileField(
        kind=UploadKind.CASE_FILE, label="身份证明扫描件（PDF/JPG/PNG，选填）", required=False
    )
    power_of_attorney = LimitedFileField(
        kind=UploadKind.CASE_FILE, label="授权委托书（代理申请时提交，选填）", required=False
    )
    # A new token each time the empty form is drawn; a form shown again with its errors keeps
    # the one it was posted with. A second post of it shows the first one's result.
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not self.is_bound:
            self.initial["submission_key"] = new_submission_key()

    @property
    def posted_key(self) -> str:
        return str(self.data.get("submission_key", "")) if self.is_bound else ""

    def applicant(self) -> ApplicantData:
        d = self.cleaned_data
        return ApplicantData(
            column=d["applicant_column"],
            name=d["name"],
            id_type=d["id_type"],
            id_number=d["id_number"],
            phone=d["phone"],
            description=d["description"],
            provision_form=d["provision_form"],
            delivery=d["delivery"],
            legal_representative=d["legal_representative"],
            address=d["address"],
            postcode=d["postcode"],
            email=d["email"],
            document_number=d["document_number"],
        )


class PublicApplyForm(ApplicantForm):
    agency = forms.ModelChoiceField(label="向哪个机关申请", queryset=Agency.objects.none())
    captcha = forms.CharField(label="验证码", max_length=8)
    field_order = ["agency"]  # noqa: RUF012

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.exclude(kind="unit")  # type: ignore[attr-defined]


class RegisterForm(ApplicantForm):
    channel = forms.ChoiceField(
        label="申请渠道", choices=[c for c in Channel.choices if c[0] not in ("online", "api")]
    )
    received_on = forms.DateField(
        label="收到申请日期（条例第三十一条）", widget=forms.DateInput(attrs={"type": "date"})
    )
    paper_scan = LimitedFileField(kind=UploadKind.CASE_FILE, label="纸质申请扫描件", required=False)
    hotline_ticket = forms.CharField(
        label="12345工单号（渠道为“来自12345”时填写）", max_length=60, required=False
    )
    hotline_called_on = forms.DateField(
        label="热线受理（来电）日期（渠道为“来自12345”时填写；收到申请日期填写工单转交本机关之日）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    field_order = ["channel", "received_on", "hotline_ticket", "hotline_called_on"]  # noqa: RUF012

    def hotline(self) -> Hotline | None:
        """The 12345 ticket, for the channel 来自12345 (the service says what is missing)."""
        d = self.cleaned_data
        if d["channel"] != Channel.HOTLINE:
            return None
        if not d["hotline_ticket"] or d["hotline_called_on"] is None:
            raise CaseError("来自12345的申请请填写“12345工单号”和“热线受理（来电）日期”")
        return Hotline(number=d["hotline_ticket"], called_on=d["hotline_called_on"])


class TrackForm(forms.Form):
    tracking_number = forms.CharField(label="查询码", max_length=24)
    phone = forms.CharField(label="联系电话", max_length=40)
